namespace Gitstead.Console.Pages;

/// <summary>The console's home: where each service is, and the three steps of the HTTPS setup guide.</summary>
public sealed class IndexModel : ConsolePage
{
    public void OnGet()
    {
    }
}
