namespace MicroStreams.Examples;

/// <summary>The event types of the example SaaS product.</summary>
public static class EventTypes
{
    public const string UserCreated = "user_created";
    public const string UserSignin = "user_signin";
    public const string SaleComplete = "sale_complete";
    public const string PageView = "page_view";
}
