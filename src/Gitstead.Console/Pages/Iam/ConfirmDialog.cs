namespace Gitstead.Console.Pages.Iam;

/// <summary>
/// A confirmation before a change that cannot be undone (delete, reset). Script opens it from a
/// <c>data-open</c> button; without script the button is a link to the page with
/// <c>?confirm=ID</c>, which renders it open.
/// </summary>
/// <param name="Id">The dialog's element id, also the <c>confirm</c> value that renders it open.</param>
/// <param name="Title">The question, e.g. <c>Delete HTTPS Git credentials?</c>.</param>
/// <param name="Text">What happens.</param>
/// <param name="Action">Where the form posts (the page with its handler).</param>
/// <param name="Button">The confirming button's text.</param>
/// <param name="Open">True when the page is rendered with this dialog open.</param>
/// <param name="Fields">Hidden fields of the form (e.g. the credential id).</param>
/// <param name="TypeToConfirm">Text the person must type first (a user name), or null.</param>
public sealed record ConfirmDialog(
    string Id,
    string Title,
    string Text,
    string Action,
    string Button,
    bool Open,
    IReadOnlyDictionary<string, string> Fields,
    string? TypeToConfirm = null);
