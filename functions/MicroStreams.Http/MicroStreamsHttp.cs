using MicroStreams.Embedded.Storage;
using MicroStreams.Http.Hosting;
using MicroStreams.Http.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MicroStreams.Http;

/// <summary>Problem details for what happens outside the MicroStreams endpoints (<c>app.MapMicroStreams()</c> maps the endpoints).</summary>
public static class MicroStreamsHttp
{
    /// <summary>
    /// Turns what happens outside endpoints into problem details too: unknown routes (404), wrong methods (405),
    /// bodies over Kestrel's limit (413) and malformed requests (400). A 500 is left only for real bugs.
    /// </summary>
    public static IApplicationBuilder UseMicroStreamsProblems(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
            {
                context.Response.Clear();
                var status = ex.StatusCode is >= 400 and < 500 ? ex.StatusCode : StatusCodes.Status400BadRequest;
                await Problem.WriteAsync(context, status, status == StatusCodes.Status413PayloadTooLarge ? "too-large" : "bad-request", "The request is not valid", ex.Message);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away; there is no one to answer.
            }
            catch (Exception ex) when (!context.Response.HasStarted && StorageFault.IsOutOfSpace(ex))
            {
                // Nothing of the request was committed; the runtime goes on by itself once space is freed.
                context.Response.Clear();
                // Freeing space takes someone's action, not a second: at least the consumers' own retry interval.
                var retryAfter = TimeSpan.FromSeconds(5);
                if (context.RequestServices.GetService(typeof(ServeContext)) is ServeContext serve && serve.Options.RetryAfter > retryAfter)
                {
                    retryAfter = serve.Options.RetryAfter;
                }

                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Problem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "storage-full", "The data folder is full",
                    "the file system of the data folder has no space left; nothing of this request was stored: retry after freeing space");
            }
            catch (Exception ex) when (!context.Response.HasStarted)
            {
                var logger = context.RequestServices.GetService(typeof(ILogger<ServeContext>)) as ILogger;
                logger?.LogError(ex, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
                context.Response.Clear();
                await Problem.WriteAsync(context, StatusCodes.Status500InternalServerError, "internal", "Internal error", "the server failed; this is a bug, not your request");
            }
        });
        app.UseStatusCodePages(async status =>
        {
            var context = status.HttpContext;
            var code = context.Response.StatusCode;
            var detail = code switch
            {
                StatusCodes.Status404NotFound => $"there is no route {context.Request.Method} {context.Request.Path}; see /api/openapi.json",
                StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}; see /api/openapi.json",
                _ => $"HTTP {code}",
            };
            await Problem.WriteAsync(context, code, code == 404 ? "not-found" : code == 405 ? "method-not-allowed" : "error", code == 404 ? "Not found" : "Request failed", detail);
        });
        return app;
    }
}
