using Gitstead.Aws;
using Gitstead.Iam.Groups;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.Iam.Groups;

/// <summary>The account's user groups, a page at a time, with a filter; create and open a group from here.</summary>
public sealed class GroupsIndexModel(GroupService groups) : IamPage
{
    [BindProperty(SupportsGet = true, Name = "token")]
    public string? Token { get; set; }

    public Page<GroupInfo>? Groups { get; private set; }

    public async Task OnGetAsync() =>
        Groups = await TryAsync(() => groups.ListAsync(Call, "/", new PageRequest(Token, 100), Aborted));
}
