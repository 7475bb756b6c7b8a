using System.Net;
using System.Text.RegularExpressions;

namespace Fleet.Server.Tests.Audit.Support;

/// <summary>A browser at the sign-in page: keeps its cookies, reads the form's antiforgery field and posts the form.</summary>
public sealed partial class SignInForm : IDisposable
{
    private readonly HttpClientHandler _handler = new() { AllowAutoRedirect = false, UseCookies = true };
    private readonly HttpClient _client;

    public SignInForm(Uri address) => _client = new HttpClient(_handler) { BaseAddress = address };

    /// <summary>Posts the form; returns where the server sends the browser next (the return URL, or the form with an error).</summary>
    public async Task<string> SignInAsync(string userName, string password)
    {
        var page = await _client.GetStringAsync(new Uri("/signin", UriKind.Relative)).ConfigureAwait(false);
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["userName"] = userName,
            ["password"] = password,
            ["returnUrl"] = "/alerts",
        });
        using var response = await _client.PostAsync(new Uri("/account/signin", UriKind.Relative), form).ConfigureAwait(false);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    public void Dispose()
    {
        _client.Dispose();
        _handler.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
