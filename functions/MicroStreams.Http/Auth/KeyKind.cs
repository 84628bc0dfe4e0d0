namespace MicroStreams.Http.Auth;

/// <summary>Which key a route needs: none (health, docs, dashboard assets), the function key, or the admin key.</summary>
public enum KeyKind
{
    Anonymous = 0,
    Function = 1,
    Admin = 2,
}
