using Gitstead.Aws;
using Gitstead.CodeCommit.Git;
using Gitstead.CodeCommit.Repositories;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gitstead.UnitTests.Git;

/// <summary>GetCommit's reads through the cat-file pool answer as <c>git cat-file commit ID</c> did.</summary>
public sealed class CommitServiceTests : IDisposable
{
    private readonly TemporaryRepository _repository = TemporaryRepository.Create();
    private readonly CatFilePool _pool = new(new FakeTimeProvider());
    private readonly CommitReader _commits;
    private readonly RepositoryInfo _info;

    public CommitServiceTests()
    {
        _commits = new CommitReader(_pool);
        _info = new RepositoryInfo(1, "id", "name", "123456789012", "us-east-1", _repository.Path, null);
    }

    public void Dispose()
    {
        _pool.Dispose();
        _repository.Dispose();
    }

    [Fact]
    public async Task GetAsync_Commit_ParsesTreeParentsPeopleAndMessage()
    {
        // Arrange
        var tree = _repository.WriteTree("");
        var parent = _repository.WriteCommit(tree, "first\n");
        var commit = _repository.WriteCommit(tree, "second\n\nbody\n", parent);

        // Act
        var view = await _commits.ReadAsync(_info, commit.ToUpperInvariant(), CancellationToken.None);

        // Assert
        Assert.Equal((commit, tree, "second\n\nbody\n"), (view.CommitId, view.TreeId, view.Message));
        Assert.Equal([parent], view.Parents);
        Assert.Equal(new CommitPerson("Test", "test@example.com", "1700000000 +0000"), view.Author);
    }

    [Fact]
    public async Task GetAsync_AnnotatedTag_IsPeeledToItsCommit()
    {
        // Arrange
        var tree = _repository.WriteTree("");
        var commit = _repository.WriteCommit(tree, "tagged\n");
        var tag = System.Text.Encoding.ASCII.GetString(_repository.Run(
            System.Text.Encoding.ASCII.GetBytes($"object {commit}\ntype commit\ntag v1\ntagger Test <test@example.com> 1700000000 +0000\n\nv1\n"),
            "mktag")).Trim();

        // Act
        var view = await _commits.ReadAsync(_info, tag, CancellationToken.None);

        // Assert
        Assert.Equal((tag, tree, "tagged\n"), (view.CommitId, view.TreeId, view.Message));
    }

    [Fact]
    public async Task GetAsync_BlobOrTreeOrMissingId_ThrowsCommitIdDoesNotExist()
    {
        // Arrange
        var blob = _repository.WriteBlob("not a commit\n"u8.ToArray());
        var tree = _repository.WriteTree($"100644 blob {blob}\tfile\n");

        // Act
        var codes = new List<string>();
        foreach (var id in new[] { blob, tree, new string('b', 40) })
        {
            codes.Add((await Assert.ThrowsAsync<AwsServiceException>(() => _commits.ReadAsync(_info, id, CancellationToken.None))).Code);
        }

        // Assert
        Assert.All(codes, code => Assert.Equal("CommitIdDoesNotExistException", code));
    }

    [Theory]
    [InlineData("HEAD")]
    [InlineData("abc123")]
    [InlineData("")]
    public async Task GetAsync_NotAFullId_ThrowsInvalidCommitId(string id)
    {
        // Act
        var thrown = await Assert.ThrowsAsync<AwsServiceException>(() => _commits.ReadAsync(_info, id, CancellationToken.None));

        // Assert
        Assert.Equal("InvalidCommitIdException", thrown.Code);
    }
}
