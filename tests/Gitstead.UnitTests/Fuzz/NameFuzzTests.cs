using Gitstead.Aws;
using Gitstead.CodeCommit.Git;
using Gitstead.CodeCommit.Repositories;
using Gitstead.CodeCommit.Ssh;
using Xunit;

namespace Gitstead.UnitTests.Fuzz;

/// <summary>
/// Repository names, ref names and commit specifiers, Git-Protocol headers and SSH commands from
/// requests: a mutated value is accepted or refused with the modelled error, never an exception
/// of another kind; what is accepted cannot smuggle an option or revision syntax into git.
/// </summary>
public sealed class NameFuzzTests
{
    [Fact]
    public void RepositoryName_MutatedNames_AreValidOrTheModelledError()
    {
        Fuzzing.Check(Fuzzing.Mutated("demo", "My.Repo_1-x", new string('a', 100), "a.git"), 1000, name =>
        {
            string? accepted = null;
            FuzzAssert.SucceedsOrThrows<AwsServiceException>(() => accepted = RepositoryRules.Name(name));
            if (accepted is not null)
            {
                Assert.Matches("^[A-Za-z0-9_.-]{1,100}$", accepted);
            }
        });
    }

    [Fact]
    public void CommitSpecifier_MutatedRefNames_AreValidOrInvalidCommit()
    {
        Fuzzing.Check(Fuzzing.Mutated("main", "refs/heads/feature/x", "HEAD", "1f7a6c5b4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b", "v1.0"), 1000, name =>
        {
            string? accepted = null;
            FuzzAssert.SucceedsOrThrows<AwsServiceException>(() => accepted = CommitSpecifiers.Resolve(name, "main"));
            if (accepted is not null)
            {
                Assert.False(accepted.StartsWith('-'));
                Assert.DoesNotContain("..", accepted);
                Assert.DoesNotContain("@{", accepted);
                Assert.True(accepted.IndexOfAny(['~', '^', ':', '\0', ' ', '\n']) < 0, accepted);
            }
        });
    }

    [Fact]
    public void GitProtocolAndSshCommand_MutatedValues_NeverThrow()
    {
        var values = Fuzzing.Mutated("version=2", "version=2:object-format=sha1", "git-upload-pack '/v1/repos/demo'", "git receive-pack v1/repos/demo");

        Fuzzing.Check(values, 1000, value =>
        {
            var accepted = GitProtocol.Accept(value);
            GitProtocol.IsVersion2(accepted);
            if (SshGitCommand.TryParse(value, out _, out var segment))
            {
                Assert.Matches("^[A-Za-z0-9._-]+$", segment);
            }
        });
    }
}
