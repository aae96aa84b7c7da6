using Analytics.Enrichment;

namespace Analytics.Core.Tests.Enrichment;

public sealed class UserAgentParserTests
{
    [Theory]
    // Chrome on every platform.
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        Browsers.Chrome, "131", OperatingSystems.Windows, "10", DeviceTypes.Desktop)]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        Browsers.Chrome, "131", OperatingSystems.MacOS, "10.15", DeviceTypes.Desktop)]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        Browsers.Chrome, "131", OperatingSystems.Linux, null, DeviceTypes.Desktop)]
    [InlineData("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
        Browsers.Chrome, "130", OperatingSystems.ChromeOS, null, DeviceTypes.Desktop)]
    [InlineData("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
        Browsers.Chrome, "131", OperatingSystems.Android, "10", DeviceTypes.Mobile)]
    [InlineData("Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        Browsers.Chrome, "131", OperatingSystems.Android, "13", DeviceTypes.Tablet)]
    [InlineData("Mozilla/5.0 (Linux; Android 12; SM-G991B Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.107 Mobile Safari/537.36",
        Browsers.Chrome, "130", OperatingSystems.Android, "12", DeviceTypes.Mobile)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
        Browsers.Chrome, "131", OperatingSystems.IOS, "17.7", DeviceTypes.Mobile)]
    // Safari.
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        Browsers.Safari, "18", OperatingSystems.MacOS, "10.15", DeviceTypes.Desktop)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1",
        Browsers.Safari, "17", OperatingSystems.IOS, "17.1", DeviceTypes.Mobile)]
    [InlineData("Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
        Browsers.Safari, "16", OperatingSystems.IOS, "16.6", DeviceTypes.Tablet)]
    [InlineData("Mozilla/5.0 (iPod touch; CPU iPhone OS 15_8 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6.6 Mobile/15E148 Safari/604.1",
        Browsers.Safari, "15", OperatingSystems.IOS, "15.8", DeviceTypes.Mobile)]
    // Firefox.
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
        Browsers.Firefox, "133", OperatingSystems.Windows, "10", DeviceTypes.Desktop)]
    [InlineData("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        Browsers.Firefox, "133", OperatingSystems.Linux, null, DeviceTypes.Desktop)]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0",
        Browsers.Firefox, "133", OperatingSystems.MacOS, "10.15", DeviceTypes.Desktop)]
    [InlineData("Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0",
        Browsers.Firefox, "133", OperatingSystems.Android, "14", DeviceTypes.Mobile)]
    [InlineData("Mozilla/5.0 (Android 13; Tablet; rv:133.0) Gecko/133.0 Firefox/133.0",
        Browsers.Firefox, "133", OperatingSystems.Android, "13", DeviceTypes.Tablet)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15",
        Browsers.Firefox, "133", OperatingSystems.IOS, "17.7", DeviceTypes.Mobile)]
    [InlineData("Mozilla/5.0 (Windows; U; Windows NT 6.1; en-US; rv:1.9.2.3) Gecko/20100401 Firefox/3.6.3 (.NET CLR 3.5.30729)",
        Browsers.Firefox, "3", OperatingSystems.Windows, "7", DeviceTypes.Desktop)]
    // Edge, whose user agents also say Chrome and Safari.
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
        Browsers.Edge, "131", OperatingSystems.Windows, "10", DeviceTypes.Desktop)]
    [InlineData("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.0.0",
        Browsers.Edge, "131", OperatingSystems.Android, "10", DeviceTypes.Mobile)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 EdgiOS/131.2903.68 Mobile/15E148 Safari/605.1.15",
        Browsers.Edge, "131", OperatingSystems.IOS, "18.1", DeviceTypes.Mobile)]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19045",
        Browsers.Edge, "18", OperatingSystems.Windows, "10", DeviceTypes.Desktop)]
    // Opera.
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0",
        Browsers.Opera, "115", OperatingSystems.Windows, "10", DeviceTypes.Desktop)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 16_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) OPiOS/16.0.14.122053 Mobile/15E148 Safari/9537.53",
        Browsers.Opera, "16", OperatingSystems.IOS, "16.7", DeviceTypes.Mobile)]
    [InlineData("Opera/9.80 (Android; Opera Mini/7.6.35766/35.5706; U; en) Presto/2.8.119 Version/11.10",
        Browsers.Opera, "7", OperatingSystems.Android, null, DeviceTypes.Mobile)]
    [InlineData("Opera/9.80 (Windows NT 6.1; WOW64) Presto/2.12.388 Version/12.18",
        Browsers.Opera, "12", OperatingSystems.Windows, "7", DeviceTypes.Desktop)]
    // Chromium-based browsers with their own mark.
    [InlineData("Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/27.0 Chrome/125.0.0.0 Mobile Safari/537.36",
        Browsers.SamsungInternet, "27", OperatingSystems.Android, "14", DeviceTypes.Mobile)]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 YaBrowser/24.10.0.0 Safari/537.36",
        Browsers.YandexBrowser, "24", OperatingSystems.Windows, "10", DeviceTypes.Desktop)]
    [InlineData("Mozilla/5.0 (Linux; U; Android 13; en-US; SM-A135F Build/TP1A.220624.014) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/123.0.6312.80 UCBrowser/13.8.0.1360 Mobile Safari/537.36",
        Browsers.UCBrowser, "13", OperatingSystems.Android, "13", DeviceTypes.Mobile)]
    [InlineData("UCWEB/2.0 (Linux; U; Opera Mini/7.1.32052/30.2697; en-US; GT-S5302) U2/1.0.0 UCBrowser/9.3.0.440 Mobile",
        Browsers.UCBrowser, "9", OperatingSystems.Linux, null, DeviceTypes.Mobile)]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36 Vivaldi/6.4.3160.34",
        Browsers.Vivaldi, "6", OperatingSystems.Windows, "10", DeviceTypes.Desktop)]
    // Internet Explorer: Trident 7 dropped "MSIE".
    [InlineData("Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko",
        Browsers.InternetExplorer, "11", OperatingSystems.Windows, "10", DeviceTypes.Desktop)]
    [InlineData("Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)",
        Browsers.InternetExplorer, "9", OperatingSystems.Windows, "7", DeviceTypes.Desktop)]
    [InlineData("Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1; Trident/4.0; .NET CLR 2.0.50727; .NET CLR 3.0.4506.2152)",
        Browsers.InternetExplorer, "8", OperatingSystems.Windows, "XP", DeviceTypes.Desktop)]
    // In-app browsers.
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/487.0.0.38.106;FBBV/664522340;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/17.6.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/666512826]",
        Browsers.Facebook, "487", OperatingSystems.IOS, "17.6", DeviceTypes.Mobile)]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240905.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/129.0.6668.100 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/484.0.0.63.83;]",
        Browsers.Facebook, "484", OperatingSystems.Android, "14", DeviceTypes.Mobile)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 353.0.0.26.89 (iPhone14,5; iOS 18_0; en_US; en; scale=3.00; 1170x2532; 652391540)",
        Browsers.Instagram, "353", OperatingSystems.IOS, "18.0", DeviceTypes.Mobile)]
    [InlineData("Mozilla/5.0 (Linux; Android 14; SM-A546B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.58 Mobile Safari/537.36 Instagram 354.0.0.49.100 Android (34/14; 450dpi; 1080x2340; samsung; SM-A546B; a54x; s5e8835; en_GB; 649871234)",
        Browsers.Instagram, "354", OperatingSystems.Android, "14", DeviceTypes.Mobile)]
    public void Common_browser_is_recognised_and_not_a_bot(
        string userAgent, string browser, string? browserVersion, string operatingSystem, string? osVersion, string deviceType)
    {
        var info = UserAgentParser.Parse(userAgent);

        Assert.Equal(new UserAgentInfo(browser, browserVersion, operatingSystem, osVersion, deviceType, IsBot: false), info);
    }

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 6.3; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36", "8.1")]
    [InlineData("Mozilla/5.0 (Windows NT 6.2; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36", "8")]
    [InlineData("Mozilla/5.0 (Windows NT 6.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/49.0.2623.112 Safari/537.36", "Vista")]
    public void Windows_kernel_version_is_reported_as_the_product_version(string userAgent, string version)
    {
        var info = UserAgentParser.Parse(userAgent);

        Assert.Equal(OperatingSystems.Windows, info.OperatingSystem);
        Assert.Equal(version, info.OsVersion);
    }

    [Theory]
    // Huawei: "Android" for compatibility, then its own name.
    [InlineData("Mozilla/5.0 (Linux; Android 12; HarmonyOS; NOH-AN00; HMSCore 6.11.0.332) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0.4844.88 HuaweiBrowser/14.0.2.311 Mobile Safari/537.36",
        OperatingSystems.HarmonyOS, null, DeviceTypes.Mobile)]
    [InlineData("Mozilla/5.0 (Phone; OpenHarmony 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 ArkWeb/4.1.6.1 Mobile HuaweiBrowser/5.0.4.300",
        OperatingSystems.HarmonyOS, "5.0", DeviceTypes.Mobile)]
    [InlineData("Mozilla/5.0 (Mobile; LYF/F300B/LYF-F300B-001-01-15-130718-i;Android; rv:48.0) Gecko/48.0 Firefox/48.0 KAIOS/2.5",
        OperatingSystems.KaiOS, "2.5", DeviceTypes.Mobile)]
    // Smart TVs.
    [InlineData("Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36",
        OperatingSystems.Tizen, "6.0", DeviceTypes.Tv)]
    [InlineData("Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager",
        OperatingSystems.Linux, null, DeviceTypes.Tv)]
    [InlineData("Mozilla/5.0 (Linux; Android 9; BRAVIA 4K UR2 Build/PTT1.190515.001.S52) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.136 Safari/537.36",
        OperatingSystems.Android, "9", DeviceTypes.Tv)]
    [InlineData("Mozilla/5.0 (X11; Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/90.0.4430.225 Safari/537.36 CrKey/1.56.500000",
        OperatingSystems.Linux, null, DeviceTypes.Tv)]
    [InlineData("AppleTV11,1/11.1", OperatingSystems.Other, null, DeviceTypes.Tv)]
    [InlineData("HbbTV/1.2.1 (;Panasonic;VIERA 2013;3.672;4101-0003 0002-0000;)", OperatingSystems.Other, null, DeviceTypes.Tv)]
    // Consoles.
    [InlineData("Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0 Safari/605.1.15",
        OperatingSystems.Other, null, DeviceTypes.Console)]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox One) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.124 Safari/537.36 Edge/44.18363.8131",
        OperatingSystems.Windows, "10", DeviceTypes.Console)]
    [InlineData("Mozilla/5.0 (Nintendo Switch; WifiWebAuthApplet) AppleWebKit/606.4 (KHTML, like Gecko) NF/6.0.1.15.4 NintendoBrowser/5.1.0.20393",
        OperatingSystems.Other, null, DeviceTypes.Console)]
    // Amazon Fire tablets run Fire OS, an Android.
    [InlineData("Mozilla/5.0 (Linux; Android 9; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/131.3.1 like Chrome/131.0.6778.135 Safari/537.36",
        OperatingSystems.Android, "9", DeviceTypes.Tablet)]
    // Feature phones.
    [InlineData("Nokia6300/2.0 (05.00) Profile/MIDP-2.0 Configuration/CLDC-1.1", OperatingSystems.Other, null, DeviceTypes.Mobile)]
    public void Other_platforms_get_their_system_and_device_type_and_are_not_bots(
        string userAgent, string operatingSystem, string? osVersion, string deviceType)
    {
        var info = UserAgentParser.Parse(userAgent);

        Assert.False(info.IsBot);
        Assert.Equal(operatingSystem, info.OperatingSystem);
        Assert.Equal(osVersion, info.OsVersion);
        Assert.Equal(deviceType, info.DeviceType);
    }

    [Theory]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0 Teams/24295.605.3225.8804")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Whale/3.27.254.15 Safari/537.36", Browsers.Other)]
    [InlineData("Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36 OPX/2.5", Browsers.Opera)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1 Ddg/17.2", Browsers.Other)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Pinterest/iOS/12.0", Browsers.Other)]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Slack/4.41.97 Chrome/130.0.6723.59 Electron/33.0.2 Safari/537.36 Sonic Slack_SSB/4.41.97", Browsers.Other)]
    public void Browser_that_copies_a_big_engines_user_agent_and_adds_its_own_mark_is_not_counted_as_that_engine(
        string userAgent, string browser = Browsers.Edge)
    {
        var info = UserAgentParser.Parse(userAgent);

        Assert.Equal(browser, info.Browser);
        Assert.False(info.IsBot);
    }

    [Fact]
    public void iPad_asking_for_the_desktop_site_is_indistinguishable_from_a_Mac()
    {
        // Since iPadOS 13 Safari sends the Mac user agent by default; only script on the page can tell them apart.
        var info = UserAgentParser.Parse(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15");

        Assert.Equal(OperatingSystems.MacOS, info.OperatingSystem);
        Assert.Equal(DeviceTypes.Desktop, info.DeviceType);
    }

    [Fact]
    public void Chrome_on_an_iPad_asking_for_the_desktop_site_is_still_iOS()
    {
        var info = UserAgentParser.Parse(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Version/17.0 Safari/605.1.15");

        Assert.Equal(Browsers.Chrome, info.Browser);
        Assert.Equal(OperatingSystems.IOS, info.OperatingSystem);
    }

    [Theory]
    // Search and social crawlers.
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")]
    [InlineData("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")]
    [InlineData("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36")]
    [InlineData("Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)")]
    [InlineData("Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)")]
    [InlineData("DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)")]
    [InlineData("Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)")]
    [InlineData("Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)")]
    [InlineData("Mediapartners-Google")]
    [InlineData("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)")]
    [InlineData("Twitterbot/1.0")]
    [InlineData("LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)")]
    [InlineData("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")]
    [InlineData("Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)")]
    [InlineData("TelegramBot (like TwitterBot)")]
    [InlineData("WhatsApp/2.23.20.0")]
    // SEO crawlers.
    [InlineData("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)")]
    [InlineData("Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)")]
    [InlineData("Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)")]
    [InlineData("Mozilla/5.0 (compatible; DotBot/1.2; +https://opensiteexplorer.org/dotbot; help@moz.com)")]
    [InlineData("Screaming Frog SEO Spider/19.4")]
    // AI crawlers and assistants.
    [InlineData("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)")]
    [InlineData("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; ChatGPT-User/1.0; +https://openai.com/bot")]
    [InlineData("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)")]
    [InlineData("anthropic-ai")]
    [InlineData("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; PerplexityBot/1.0; +https://perplexity.ai/perplexitybot)")]
    [InlineData("Perplexity-User/1.0")]
    [InlineData("CCBot/2.0 (https://commoncrawl.org/faq/)")]
    [InlineData("Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)")]
    [InlineData("meta-externalagent/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)")]
    [InlineData("cohere-ai")]
    // Uptime monitors.
    [InlineData("Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)")]
    [InlineData("Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 StatusCake")]
    [InlineData("Uptime-Kuma/1.23.16")]
    [InlineData("Site24x7")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36 DatadogSynthetics")]
    // Headless and automated browsers.
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.109 Safari/537.36")]
    [InlineData("Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Playwright/1.40.0")]
    [InlineData("Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse")]
    // HTTP libraries and command-line tools.
    [InlineData("curl/8.4.0")]
    [InlineData("Wget/1.21.4")]
    [InlineData("python-requests/2.31.0")]
    [InlineData("Python-urllib/3.11")]
    [InlineData("Python/3.11 aiohttp/3.9.1")]
    [InlineData("Go-http-client/2.0")]
    [InlineData("okhttp/4.12.0")]
    [InlineData("axios/1.6.2")]
    [InlineData("node-fetch/1.0 (+https://github.com/bitinn/node-fetch)")]
    [InlineData("Java/17.0.9")]
    [InlineData("libwww-perl/6.72")]
    [InlineData("Apache-HttpClient/4.5.14 (Java/17.0.9)")]
    [InlineData("PostmanRuntime/7.36.0")]
    [InlineData("HTTPie/3.2.2")]
    [InlineData("Scrapy/2.11.0 (+https://scrapy.org)")]
    // Caught only by a generic mark: the word "bot", a domain name, a contact address.
    [InlineData("Mozilla/5.0 (Linux; Android 7.0;) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; AspiegelBot)")]
    [InlineData("Mozilla/5.0 (X11; U; Linux x86_64; de-DE; rv:1.9.0.19) Gecko/2010091808 ThumbShotsBot (KFSW 3.0.6-3)")]
    [InlineData("Mozilla/5.0 (X11; Linux i586; rv:31.0) Gecko/20100101 Firefox/31.0 PrintFriendly.com")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 (research; ops@example.de)")]
    // Names nothing a person's browser would: a script.
    [InlineData("Ruby")]
    [InlineData("Mozilla/5.0")]
    [InlineData("reqwest/0.11.22")]
    public void Automated_client_is_a_bot(string userAgent)
    {
        var info = UserAgentParser.Parse(userAgent);

        Assert.True(info.IsBot, $"not recognised as a bot: {userAgent}");
        Assert.Equal(DeviceTypes.Bot, info.DeviceType);
        Assert.Equal(Browsers.Other, info.Browser);
        Assert.Null(info.BrowserVersion);
    }

    [Theory]
    [InlineData("Wget/1.21.4 (linux-gnu)", OperatingSystems.Linux)]
    [InlineData("curl/7.29.0 (x86_64-redhat-linux-gnu) libcurl/7.29.0 NSS/3.44 zlib/1.2.7", OperatingSystems.Linux)]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.19045; en-US) PowerShell/7.4.0", OperatingSystems.Windows)]
    [InlineData("Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)", OperatingSystems.Windows)]
    public void Client_naming_no_browser_engine_on_a_computer_is_a_script(string userAgent, string operatingSystem)
    {
        var info = UserAgentParser.Parse(userAgent);

        Assert.True(info.IsBot);
        Assert.Equal(operatingSystem, info.OperatingSystem);
    }

    [Theory]
    // An app's own HTTP stack on a phone is a person using the app, not a crawler.
    [InlineData("Dalvik/2.1.0 (Linux; U; Android 11; SM-G991B Build/RP1A.200720.012)", OperatingSystems.Android)]
    [InlineData("Podcasts/1.1.0 CFNetwork/1498.700.2 Darwin/23.6.0", OperatingSystems.IOS)]
    public void Client_naming_no_browser_engine_on_a_phone_is_not_a_bot(string userAgent, string operatingSystem)
    {
        var info = UserAgentParser.Parse(userAgent);

        Assert.False(info.IsBot);
        Assert.Equal(Browsers.Other, info.Browser);
        Assert.Equal(operatingSystem, info.OperatingSystem);
    }

    [Theory]
    // Tools that copy a browser's user agent and add their own product token.
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/117.0.0.0 Safari/537.36 GTmetrix")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 11_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Hotjar Version/11.0 Mobile/15E148 Safari/604.1")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36; Selenium")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.110 Safari/537.36 Edg/96.0.1054.57 PWABuilderHttpAgent")]
    // ... or names itself in a comment the browser would not have: "compatible", or one after the browser's token.
    [InlineData("Mozilla/5.0 (compatible; Windows NT 6.1; Catchpoint) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/43.0.2357.81 Safari/537.36")]
    [InlineData("Mozilla/5.0 (Windows NT 6.2; WOW64) AppleWebKit/537.4 (KHTML, like Gecko) Chrome/98 Safari/537.4 (StatusCake)")]
    public void Tool_that_copies_a_browsers_user_agent_and_names_itself_is_a_bot(string userAgent)
    {
        Assert.True(UserAgentParser.Parse(userAgent).IsBot);
    }

    [Fact]
    public void Crawler_keeps_the_operating_system_it_claims()
    {
        // Googlebot Smartphone says Android: that is which index it is building.
        var info = UserAgentParser.Parse(
            "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");

        Assert.True(info.IsBot);
        Assert.Equal(OperatingSystems.Android, info.OperatingSystem);
    }

    [Theory]
    // "bot" inside a word is not a bot: a carrier name in Facebook's user agent, and Cubot phones.
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 11_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15G77 [FBAN/FBIOS;FBAV/194.0.0.38.99;FBBV/127868476;FBDV/iPhone7,2;FBMD/iPhone;FBSN/iOS;FBSV/11.4.1;FBSS/2;FBCR/OrangeBotswana;FBID/phone;FBLC/en_GB;FBOP/5;FBRV/128807018]")]
    [InlineData("Mozilla/5.0 (Linux; Android 10; CUBOT_X19) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36")]
    // ".NET CLR" in old Internet Explorer user agents is not a domain name; a carrier domain is not a crawler's.
    [InlineData("Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0; SLCC2; .NET CLR 2.0.50727; .NET CLR 3.5.30729; .NET CLR 3.0.30729; Media Center PC 6.0; .NET4.0C; .NET4.0E)")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 6_1_3 like Mac OS X) AppleWebKit/536.26 (KHTML, like Gecko) Mobile/10B329 [FBAN/FBIOS;FBAV/6.5.1;FBBV/377040;FBDV/iPhone4,1;FBMD/iPhone;FBSN/iPhone OS;FBSV/6.1.3;FBSS/2; FBCR/Telekom.de;FBID/phone;FBLC/de_DE;FBOP/1]")]
    public void Words_that_merely_contain_a_bot_mark_do_not_make_a_bot(string userAgent)
    {
        Assert.False(UserAgentParser.Parse(userAgent).IsBot);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    public void Missing_or_blank_user_agent_is_unknown_and_not_a_bot(string? userAgent)
    {
        var info = UserAgentParser.Parse(userAgent);

        Assert.Equal(new UserAgentInfo(Browsers.Other, null, OperatingSystems.Other, null, DeviceTypes.Other, IsBot: false), info);
    }

    [Theory]
    [InlineData("asdf qwer zxcv")]
    [InlineData("()()(((;;;///")]
    [InlineData("\u0000\u0001\u0002")]
    [InlineData("Мозилла/5.0 (Виндовс)")]
    public void Garbage_names_nothing_and_counts_as_a_script(string userAgent)
    {
        var info = UserAgentParser.Parse(userAgent);

        Assert.Equal(Browsers.Other, info.Browser);
        Assert.Equal(OperatingSystems.Other, info.OperatingSystem);
        Assert.True(info.IsBot);
    }

    [Fact]
    public void Very_long_user_agent_is_parsed_from_its_first_kilobyte_and_not_cached()
    {
        var chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        var padded = chrome + " (" + new string('x', 100_000) + ") Googlebot/2.1";

        var info = UserAgentParser.Parse(padded);

        // The bot mark lies past the first kilobyte, so it is not seen.
        Assert.False(info.IsBot);
        Assert.Equal(Browsers.Chrome, info.Browser);
        Assert.Equal(OperatingSystems.Windows, info.OperatingSystem);
        Assert.NotSame(info, UserAgentParser.Parse(padded));
    }

    [Fact]
    public void Very_long_garbage_is_answered()
    {
        var info = UserAgentParser.Parse(new string('(', 1_000_000));

        Assert.Equal(Browsers.Other, info.Browser);
    }

    [Fact]
    public void Unreasonably_long_version_numbers_are_not_versions()
    {
        var info = UserAgentParser.Parse(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/1234567890123.0 Safari/537.36");

        Assert.Equal(Browsers.Chrome, info.Browser);
        Assert.Null(info.BrowserVersion);
    }

    [Fact]
    public void Repeated_user_agent_is_answered_from_the_cache()
    {
        var userAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0";

        Assert.Same(UserAgentParser.Parse(userAgent), UserAgentParser.Parse(userAgent));
    }

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1")]
    [InlineData("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36")]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")]
    [InlineData("")]
    public void ParseOperatingSystem_agrees_with_Parse(string userAgent)
    {
        Assert.Equal(UserAgentParser.Parse(userAgent).OperatingSystem, UserAgentParser.ParseOperatingSystem(userAgent));
    }
}
