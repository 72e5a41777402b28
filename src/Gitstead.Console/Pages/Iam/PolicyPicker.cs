using Gitstead.Iam.Policies;

namespace Gitstead.Console.Pages.Iam;

/// <summary>A filterable checkbox list of managed policies, posting the chosen ARNs as <paramref name="FieldName"/>.</summary>
/// <param name="Id">The table's element id (the filter box names it).</param>
/// <param name="Policies">The policies the caller may list, or the refusal.</param>
/// <param name="Selected">ARNs checked.</param>
/// <param name="Attached">ARNs already attached: shown, not selectable.</param>
/// <param name="FieldName">The form field of the chosen ARNs.</param>
public sealed record PolicyPicker(string Id, Loaded<IReadOnlyList<PolicyInfo>> Policies, IReadOnlySet<string> Selected, IReadOnlySet<string> Attached, string FieldName = "policies");
