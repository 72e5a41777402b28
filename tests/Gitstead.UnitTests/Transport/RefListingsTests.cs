using System.Text;
using Gitstead.CodeCommit.Transport;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gitstead.UnitTests.Transport;

public sealed class RefListingsTests
{
    private const string Repository = "/data/repositories/r.git";
    private const string Protocol = "version=2";

    private static readonly byte[] s_request = Encoding.ASCII.GetBytes("0014command=ls-refs\n0014agent=git/2.39.5\n00010009peel\n000csymrefs\n0000");
    private static readonly byte[] s_answer = Encoding.ASCII.GetBytes("0032a94a8fe5ccb19ba61c4c0873d391e987982fbbd3 HEAD\n0000");
    private static readonly RefListings.ListingState s_state = new("refs-1", new CapabilityAdvertisements.ConfigStamp(638_000_000_000_000_000, 120));

    [Theory]
    [InlineData("0014command=ls-refs\n0000")]
    [InlineData("0013command=ls-refs0000")]
    [InlineData("0014COMMAND=ls-refs\n0000", false)]
    [InlineData("0012command=fetch\n0000", false)]
    [InlineData("0015command=ls-refsx\n0000", false)]
    [InlineData("00ffcommand=ls-refs\n", false)]
    [InlineData("zzzzcommand=ls-refs\n", false)]
    [InlineData("0000", false)]
    [InlineData("", false)]
    public void IsListing_TheFirstLineNamesLsRefs(string body, bool expected = true)
    {
        // Act + Assert
        Assert.Equal(expected, RefListings.IsListing(Encoding.ASCII.GetBytes(body)));
    }

    [Fact]
    public void IsListing_ARequestLongerThanTheLimit_IsNot()
    {
        // Arrange
        var body = Encoding.ASCII.GetBytes("0014command=ls-refs\n" + new string('0', RefListings.MaxRequestBytes));

        // Act + Assert
        Assert.False(RefListings.IsListing(body));
    }

    [Fact]
    public void Find_TheSameRequestUnderTheSameState_IsGitsAnswer()
    {
        // Arrange
        var listings = new RefListings(new FakeTimeProvider(DateTimeOffset.UnixEpoch));
        listings.Keep(Repository, Protocol, s_request, s_state, s_state, s_answer);

        // Act + Assert
        Assert.Equal(s_answer, listings.Find(Repository, Protocol, s_request, s_state));
    }

    [Fact]
    public void Find_AnythingDifferent_IsNothing()
    {
        // Arrange
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var listings = new RefListings(time);
        listings.Keep(Repository, Protocol, s_request, s_state, s_state, s_answer);
        var otherRequest = s_request.ToArray();
        otherRequest[^6] = (byte)'x';

        // Act
        var otherRefs = listings.Find(Repository, Protocol, s_request, s_state with { Refs = "refs-2" });
        var otherConfig = listings.Find(Repository, Protocol, s_request, s_state with { Config = new CapabilityAdvertisements.ConfigStamp(1, 120) });
        var otherBody = listings.Find(Repository, Protocol, otherRequest, s_state);
        var otherProtocol = listings.Find(Repository, "version=2:object-format=sha256", s_request, s_state);
        var otherRepository = listings.Find("/data/repositories/s.git", Protocol, s_request, s_state);
        time.Advance(RefListings.Lifetime);
        var expired = listings.Find(Repository, Protocol, s_request, s_state);

        // Assert
        Assert.Null(otherRefs);
        Assert.Null(otherConfig);
        Assert.Null(otherBody);
        Assert.Null(otherProtocol);
        Assert.Null(otherRepository);
        Assert.Null(expired);
    }

    [Fact]
    public void Keep_RefsThatChangedWhileGitWrote_IsNotKept()
    {
        // Arrange
        var listings = new RefListings(new FakeTimeProvider(DateTimeOffset.UnixEpoch));

        // Act
        listings.Keep(Repository, Protocol, s_request, s_state, s_state with { Refs = "refs-2" }, s_answer);

        // Assert: neither the state git started under nor the one after it finds the answer.
        Assert.Null(listings.Find(Repository, Protocol, s_request, s_state));
        Assert.Null(listings.Find(Repository, Protocol, s_request, s_state with { Refs = "refs-2" }));
    }

    [Fact]
    public void Keep_NoConfigurationOrAnAnswerTooLongOrEmpty_IsNotKept()
    {
        // Arrange
        var listings = new RefListings(new FakeTimeProvider(DateTimeOffset.UnixEpoch));
        var noConfig = s_state with { Config = default };
        var longAnswer = new byte[RefListings.MaxAnswerBytes + 1];

        // Act
        listings.Keep(Repository, Protocol, s_request, noConfig, noConfig, s_answer);
        listings.Keep("/a.git", Protocol, s_request, s_state, s_state, longAnswer);
        listings.Keep("/b.git", Protocol, s_request, s_state, s_state, []);

        // Assert
        Assert.Null(listings.Find(Repository, Protocol, s_request, noConfig));
        Assert.Null(listings.Find("/a.git", Protocol, s_request, s_state));
        Assert.Null(listings.Find("/b.git", Protocol, s_request, s_state));
    }

    [Fact]
    public void Keep_PastTheTotalBudget_DropsWhatWasKeptAndKeepsTheNewAnswer()
    {
        // Arrange
        var listings = new RefListings(new FakeTimeProvider(DateTimeOffset.UnixEpoch));
        var answer = new byte[RefListings.MaxAnswerBytes];
        var fits = (int)(RefListings.MaxTotalBytes / answer.Length);
        for (var i = 0; i < fits; i++)
        {
            listings.Keep($"/{i}.git", Protocol, s_request, s_state, s_state, answer);
        }

        var allKept = Enumerable.Range(0, fits).All(i => listings.Find($"/{i}.git", Protocol, s_request, s_state) is not null);

        // Act
        listings.Keep("/last.git", Protocol, s_request, s_state, s_state, answer);

        // Assert
        Assert.True(allKept);
        Assert.Null(listings.Find("/0.git", Protocol, s_request, s_state));
        Assert.NotNull(listings.Find("/last.git", Protocol, s_request, s_state));
    }
}
