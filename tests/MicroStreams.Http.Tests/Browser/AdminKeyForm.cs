using Microsoft.Playwright;

namespace MicroStreams.Http.Tests.Browser;

/// <summary>The in-page form the dashboard shows when an action needs the admin key (it asks once per tab).</summary>
internal static class AdminKeyForm
{
    public static async Task EnterAsync(IPage page, string key = TestServer.AdminKey)
    {
        await page.WaitForSelectorAsync("#admin-login:not([hidden])");
        await page.FillAsync("#admin-key-input", key);
        await page.ClickAsync("#admin-login button[type=submit]");
        await page.WaitForSelectorAsync("#admin-login", new() { State = WaitForSelectorState.Hidden });
    }

    /// <summary>Counts browser dialogs (prompt, alert): the dashboard must not use any.</summary>
    public static Func<int> CountDialogs(IPage page)
    {
        var dialogs = 0;
        page.Dialog += async (_, dialog) =>
        {
            dialogs++;
            await dialog.DismissAsync();
        };
        return () => dialogs;
    }
}
