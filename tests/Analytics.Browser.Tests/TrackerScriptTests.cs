using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Analytics.AspNetCore.Tracker;
using Analytics.Browser.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Analytics.Browser.Tests;

/// <summary><c>GET /analytics.js</c> over a real socket: the size budget, encodings, ETag and caching, and the tag helper.</summary>
[Collection(SharedBrowser.Name)]
public sealed class TrackerScriptTests
{
    /// <summary>The budget of issue 11: at most 1.5 KB gzipped.</summary>
    private const int GzipBudgetBytes = 1536;

    private readonly TrackerSite _site;

    public TrackerScriptTests(TrackerSite site)
    {
        _site = site;
    }

    [Fact]
    public async Task Script_is_at_most_one_and_a_half_kilobytes_gzipped()
    {
        using var client = _site.CreateClient();
        var plain = await GetBytesAsync(client, "stats/analytics.js", acceptEncoding: null);
        using var gzipRequest = Request("stats/analytics.js", "gzip");
        using var gzipResponse = await client.SendAsync(gzipRequest);
        var served = await gzipResponse.Content.ReadAsByteArrayAsync();

        Assert.Equal(["gzip"], gzipResponse.Content.Headers.ContentEncoding);
        Assert.Equal(plain, Decompress(new GZipStream(new MemoryStream(served), CompressionMode.Decompress)));
        Assert.True(served.Length <= GzipBudgetBytes, $"The served script is {served.Length} bytes gzipped; the budget is {GzipBudgetBytes}.");

        // Measured independently of the build's compressor too.
        using var recompressed = new MemoryStream();
        await using (var gzip = new GZipStream(recompressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            await gzip.WriteAsync(plain);
        }

        Assert.True(recompressed.Length <= GzipBudgetBytes, $"The script is {recompressed.Length} bytes gzipped by .NET; the budget is {GzipBudgetBytes}.");
    }

    [Fact]
    public async Task Brotli_is_served_to_a_client_that_accepts_it_and_nothing_compressed_to_one_that_refuses()
    {
        using var client = _site.CreateClient();
        var plain = await GetBytesAsync(client, "stats/analytics.js", acceptEncoding: null);

        using var brotli = await client.SendAsync(Request("stats/analytics.js", "gzip, deflate, br"));
        Assert.Equal(["br"], brotli.Content.Headers.ContentEncoding);
        Assert.Equal(plain, Decompress(new BrotliStream(await brotli.Content.ReadAsStreamAsync(), CompressionMode.Decompress)));
        Assert.Contains("Accept-Encoding", brotli.Headers.Vary);

        using var refused = await client.SendAsync(Request("stats/analytics.js", "br;q=0, gzip;q=0"));
        Assert.Empty(refused.Content.Headers.ContentEncoding);
        Assert.Equal(plain, await refused.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Plain_url_is_javascript_cached_for_an_hour_with_an_etag_that_answers_304()
    {
        using var client = _site.CreateClient();
        using var response = await client.SendAsync(Request("stats/analytics.js", "gzip"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("public, max-age=3600", response.Headers.CacheControl!.ToString());
        var etag = response.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.Equal($"\"{TrackerScript.Instance.Version}-gzip\"", etag.Tag);

        using var again = Request("stats/analytics.js", "gzip");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, notModified.Headers.ETag);
        Assert.Equal("public, max-age=3600", notModified.Headers.CacheControl!.ToString());

        using var otherTag = Request("stats/analytics.js", "gzip");
        otherTag.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0000000000000000-gzip\""));
        using var changed = await client.SendAsync(otherTag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
    }

    [Fact]
    public async Task Versioned_url_is_immutable_for_a_year_and_an_outdated_version_is_not()
    {
        using var client = _site.CreateClient();

        using var current = await client.SendAsync(Request($"stats/analytics.js?v={TrackerScript.Instance.Version}", null));
        Assert.Equal("public, max-age=31536000, immutable", current.Headers.CacheControl!.ToString());
        Assert.Equal($"\"{TrackerScript.Instance.Version}\"", current.Headers.ETag!.Tag);

        using var outdated = await client.SendAsync(Request("stats/analytics.js?v=0123456789abcdef", null));
        Assert.Equal(HttpStatusCode.OK, outdated.StatusCode);
        Assert.Equal("public, max-age=3600", outdated.Headers.CacheControl!.ToString());
    }

    [Fact]
    public void Version_is_the_hash_of_the_content_the_build_embedded()
    {
        var script = TrackerScript.Instance;

        Assert.Matches("^[0-9a-f]{16}$", script.Version);
        Assert.Equal(script.Identity, Decompress(new GZipStream(new MemoryStream(script.Gzip), CompressionMode.Decompress)));
        Assert.Equal(script.Identity, Decompress(new BrotliStream(new MemoryStream(script.Brotli), CompressionMode.Decompress)));
    }

    [Fact]
    public async Task Script_is_served_only_under_the_prefix_the_host_mapped()
    {
        using var client = _site.CreateClient();

        using var response = await client.GetAsync(new Uri("analytics.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_node_without_ingestion_serves_no_script()
    {
        var directory = Path.Combine(Path.GetTempPath(), "analytics-browser-tests", Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddAnalytics().UseDuckDb(Path.Combine(directory, "analytics.duckdb")).WithoutIngestion();
        try
        {
            await using var app = builder.Build();
            app.MapAnalyticsEndpoints();
            await app.StartAsync();
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

            using var response = await client.GetAsync(new Uri("analytics.js", UriKind.Relative));

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Tag_helper_renders_a_deferred_script_with_the_versioned_url_under_the_prefix_and_passes_data_attributes_through()
    {
        var links = _site.Services.GetRequiredService<LinkGenerator>();
        var httpContext = new DefaultHttpContext { RequestServices = _site.Services };
        httpContext.Request.PathBase = "/shop";
        var helper = new AnalyticsScriptTagHelper(links)
        {
            Domain = "shop.test",
            ViewContext = new ViewContext { HttpContext = httpContext },
        };
        var context = new TagHelperContext("analytics-script", [], new Dictionary<object, object>(), "id");
        var output = new TagHelperOutput(
            "analytics-script",
            [new TagHelperAttribute("data-outbound-links")],
            (_, _) => Task.FromResult<TagHelperContent>(new DefaultTagHelperContent()));

        await helper.ProcessAsync(context, output);

        Assert.Equal("script", output.TagName);
        Assert.Equal(TagMode.StartTagAndEndTag, output.TagMode);
        Assert.Equal(
            ["data-outbound-links", "defer", "data-domain", "src"],
            output.Attributes.Select(a => a.Name));
        Assert.Equal("shop.test", output.Attributes["data-domain"].Value);
        Assert.Equal($"/shop/stats/analytics.js?v={TrackerScript.Instance.Version}", output.Attributes["src"].Value);
    }

    private static HttpRequestMessage Request(string path, string? acceptEncoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        return request;
    }

    private static async Task<byte[]> GetBytesAsync(HttpClient client, string path, string? acceptEncoding)
    {
        using var response = await client.SendAsync(Request(path, acceptEncoding));
        response.EnsureSuccessStatusCode();
        Assert.Empty(response.Content.Headers.ContentEncoding);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static byte[] Decompress(Stream compressed)
    {
        using (compressed)
        {
            using var plain = new MemoryStream();
            compressed.CopyTo(plain);
            return plain.ToArray();
        }
    }
}
