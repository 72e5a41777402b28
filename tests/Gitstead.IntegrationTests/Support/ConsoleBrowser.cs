using System.Net;
using System.Text.RegularExpressions;

namespace Gitstead.IntegrationTests.Support;

/// <summary>
/// The console's sign-in as a browser does it, over plain HTTP requests: the form's
/// anti-forgery token and cookie, then the posted credentials; keeps the cookies it is given.
/// </summary>
public sealed partial class ConsoleBrowser(GitsteadServer server)
{
    public const string SessionCookie = "gitstead-console";

    private readonly Dictionary<string, string> _cookies = [];

    /// <summary>The session cookie's value, once signed in.</summary>
    public string Session => _cookies.GetValueOrDefault(SessionCookie);

    public async Task SignInAsRootAsync()
    {
        using var form = await SendAsync(HttpMethod.Get, "/console/sign-in?as=root");
        var html = await form.Content.ReadAsStringAsync();
        var token = TokenPattern().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"no anti-forgery token in the sign-in page:\n{html}");
        using var signedIn = await SendAsync(HttpMethod.Post, "/console/sign-in?as=root", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = server.Initial.RootEmail,
            ["Password"] = server.Initial.RootPassword,
            ["ReturnUrl"] = "",
            ["__RequestVerificationToken"] = token,
        }));
        if (signedIn.StatusCode != HttpStatusCode.Redirect || Session is null)
        {
            throw new InvalidOperationException($"sign-in answered {(int)signedIn.StatusCode} without a session cookie");
        }
    }

    /// <summary>GET with the cookies held; the status tells whether the session is still accepted (200) or sent to sign in (302).</summary>
    public async Task<HttpStatusCode> StatusOfAsync(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path);
        return response.StatusCode;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await server.Http.SendAsync(request);
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = header.Split(';')[0].Split('=', 2);
            _cookies[pair[0]] = pair[1];
        }

        return response;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
