namespace Gitstead.Aws;

/// <summary>
/// Who is calling and from where: what every service method takes, so that it authorizes the
/// call itself, the same way whether an API handler, a console page or the Git transport made it.
/// </summary>
/// <param name="Caller">The authenticated principal.</param>
/// <param name="Origin">Where, when and for which region the request was made.</param>
public sealed record CallContext(Caller Caller, RequestOrigin Origin)
{
    public string AccountId => Caller.AccountId;

    public string Region => Origin.Region;
}
