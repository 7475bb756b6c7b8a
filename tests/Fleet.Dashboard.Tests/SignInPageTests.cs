using Fleet.Dashboard.Layout;
using Fleet.Dashboard.Pages;
using Fleet.Dashboard.Tests.Fakes;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Dashboard.Tests;

public sealed class SignInPageTests : DashboardTestContext
{
    [Fact]
    public void TheFormPostsNameAndPasswordToTheServer()
    {
        Authorization.SetNotAuthorized();
        var page = Render<SignInPage>();

        var form = page.Find("[data-testid=signin-form]");
        Assert.Equal(("post", "/account/signin"), (form.GetAttribute("method"), form.GetAttribute("action")));
        Assert.NotNull(form.QuerySelector("input[name=userName]"));
        Assert.Equal("password", form.QuerySelector("input[name=password]")!.GetAttribute("type"));
        Assert.Empty(page.FindAll("[data-testid=signin-error]"));
    }

    [Theory]
    [InlineData("invalid", "The user name or password is not right.")]
    [InlineData("throttled", "Too many failed attempts. Wait a few minutes and try again.")]
    public void AFailedSignInSaysWhyWithoutSayingWhichNamesExist(string error, string message)
    {
        Authorization.SetNotAuthorized();
        Services.GetRequiredService<NavigationManager>().NavigateTo($"signin?error={error}");

        var page = Render<SignInPage>();

        Assert.Equal(message, page.Find("[data-testid=signin-error]").TextContent);
    }

    [Theory]
    [InlineData("/alerts", "/alerts")]
    [InlineData("//evil.example/", "/")]
    [InlineData("https://evil.example/", "/")]
    public void OnlyAPathOnThisSiteIsKeptToReturnTo(string returnUrl, string kept)
    {
        Authorization.SetNotAuthorized();
        Services.GetRequiredService<NavigationManager>().NavigateTo("signin?returnUrl=" + Uri.EscapeDataString(returnUrl));

        var page = Render<SignInPage>();

        Assert.Equal(kept, page.Find("input[name=returnUrl]").GetAttribute("value"));
    }

    [Fact]
    public void ASignedInVisitorIsToldWhoTheyAreAndOfferedToContinueInsteadOfAForm()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("signin?returnUrl=" + Uri.EscapeDataString("/alerts"));

        var page = Render<SignInPage>();

        Assert.Equal("You are signed in as test-admin.", page.Find("[data-testid=signed-in-as]").TextContent);
        Assert.Equal("/alerts", page.Find("[data-testid=signin-continue]").GetAttribute("href"));
        Assert.Empty(page.FindAll("[data-testid=signin-form]"));
    }

    [Fact]
    public void TheTopBarShowsWhoIsSignedInAndASignOutForm()
    {
        var bar = Render<SignOut>();

        Assert.Equal("test-admin", bar.Find("[data-testid=signed-in-user]").TextContent);
        Assert.Equal("/account/signout", bar.Find("[data-testid=signout-form]").GetAttribute("action"));
    }

    [Fact]
    public void NobodySignedInSeesNoSignOut()
    {
        Authorization.SetNotAuthorized();

        var bar = Render<SignOut>();

        Assert.Empty(bar.FindAll("[data-testid=signout]"));
    }
}
