using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.AspNetCore.Routing;

namespace Analytics.AspNetCore.Tracker;

/// <summary>
/// Renders <c>&lt;analytics-script domain="shop.test" /&gt;</c> as the tracker's script tag,
/// <c>&lt;script defer data-domain="shop.test" src="/analytics.js?v=…"&gt;&lt;/script&gt;</c>, with the versioned URL
/// (cached for a year) under whatever prefix the host mapped <c>MapAnalyticsEndpoints</c>. Any other attribute, such
/// as <c>data-hash</c> or <c>data-outbound-links</c>, is passed through. Register it with
/// <c>@addTagHelper *, Analytics.AspNetCore</c>.
/// </summary>
[HtmlTargetElement("analytics-script", TagStructure = TagStructure.WithoutEndTag)]
public sealed class AnalyticsScriptTagHelper : TagHelper
{
    private readonly LinkGenerator _links;

    /// <summary>Creates the tag helper (Razor does, from DI).</summary>
    public AnalyticsScriptTagHelper(LinkGenerator links)
    {
        _links = links;
    }

    /// <summary>The site the page belongs to (<c>data-domain</c>); without it the tracker sends the page's host name.</summary>
    public string? Domain { get; set; }

    /// <summary>The view being rendered, set by Razor.</summary>
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext? ViewContext { get; set; }

    /// <inheritdoc />
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var httpContext = ViewContext?.HttpContext
            ?? throw new InvalidOperationException("<analytics-script> renders only inside a Razor view or page.");
        var src = _links.GetPathByName(httpContext, TrackerScriptEndpoint.Name, new RouteValueDictionary { ["v"] = TrackerScript.Instance.Version })
            ?? throw new InvalidOperationException(
                "<analytics-script> found no /analytics.js endpoint. Call app.MapAnalyticsEndpoints() on a host whose AddAnalytics(...) registers ingestion.");

        output.TagName = "script";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute(new TagHelperAttribute("defer"));
        if (!string.IsNullOrEmpty(Domain))
        {
            output.Attributes.SetAttribute("data-domain", Domain);
        }

        output.Attributes.SetAttribute("src", src);
    }
}
