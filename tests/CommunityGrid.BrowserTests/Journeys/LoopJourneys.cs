using System.IO.Compression;
using System.Text.RegularExpressions;
using CommunityGrid.BrowserTests.Infrastructure;

namespace CommunityGrid.BrowserTests.Journeys;

/// <summary>
/// The closed loop through the real pages, one browser context per person: 点单 → 派单 → 接单 →
/// 办结 → 核查 → 评单, then the community's KPIs; and the pool (接单大厅) for a party member.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class LoopJourneys(BrowserApp app)
{
    private const string Title = "9号楼下水堵塞";

    [Fact]
    public async Task A_blocked_drain_goes_round_the_loop_from_report_to_a_satisfied_rating_and_shows_in_the_KPIs()
    {
        // 点单: the resident reports on a phone, with a photo, located at their own house.
        var resident = await app.NewPageAsync(Device.Phone);
        await resident.LogInHomeAsync(DemoUsers.ResidentSanshundian1);
        await resident.Locator("nav.loopnav").GetByRole(AriaRole.Link, new() { Name = "我要报事" }).ClickAsync();
        await resident.Locator("select[name=category]").SelectOptionAsync(new SelectOptionValue { Label = "下水堵塞" });
        await resident.GetByLabel("标题").FillAsync(Title);
        await resident.GetByLabel("详细描述（选填）").FillAsync("楼下污水井反水，气味很大，请尽快处理。");
        await resident.Locator("input[name=photo]").SetInputFilesAsync(new FilePayload { Name = "下水.png", MimeType = "image/png", Buffer = Png(48, 32) });
        await resident.GetByRole(AriaRole.Button, new() { Name = "提交", Exact = true }).ClickAsync();
        await Assertions.Expect(resident.GetByRole(AriaRole.Status)).ToContainTextAsync("已提交，工单编号 GD");
        // Routed to the estate's property company: the confirmation says so, not that the grid worker will handle it.
        await Assertions.Expect(resident.GetByRole(AriaRole.Status)).ToContainTextAsync("鑫诚物业服务有限公司");
        await Assertions.Expect(resident.GetByRole(AriaRole.Status)).Not.ToContainTextAsync("网格员会尽快处理");
        await Assertions.Expect(resident.Locator(".report-done")).ToContainTextAsync("9号楼");
        await resident.ScreenshotAsync("loop-01-resident-report");

        await resident.Locator("nav.loopnav").GetByRole(AriaRole.Link, new() { Name = "我的诉求" }).ClickAsync();
        var mine = resident.Locator(".order-card").Filter(new() { HasText = Title });
        await Assertions.Expect(mine).ToContainTextAsync("待派单");
        var orderUrl = await mine.Locator("a.order-title").GetAttributeAsync("href");
        orderUrl.ShouldNotBeNull();
        await resident.ScreenshotAsync("loop-02-resident-my-requests");
        // The page offers what the order allows the caller next: the resident may only withdraw it.
        await resident.GotoAsync(orderUrl);
        await Assertions.Expect(resident.Locator("section.action")).ToHaveCountAsync(1);
        await Assertions.Expect(resident.Locator("section.action.cancel")).ToHaveCountAsync(1);

        // 派单: the grid chief finds it in the grid's inbox and sends it to the estate's property company.
        var grid = await app.NewPageAsync(Device.Phone);
        await grid.LogInHomeAsync(DemoUsers.GridChiefSanshundian1);
        await grid.Locator("nav.loopnav").GetByRole(AriaRole.Link, new() { Name = "工单", Exact = true }).ClickAsync();
        await Assertions.Expect(grid.Locator(".status-tabs")).ToContainTextAsync("待派单");
        await grid.ScreenshotAsync("loop-03-grid-inbox");
        await grid.Locator(".order-card").Filter(new() { HasText = Title }).Locator("a.order-title").ClickAsync();
        var routed = grid.Locator("ol.timeline li").Filter(new() { HasText = "已分流" });
        await Assertions.Expect(routed).ToContainTextAsync("系统");
        await Assertions.Expect(routed).Not.ToContainTextAsync("王秀珍");
        await grid.GetByLabel(new Regex("鑫诚物业服务有限公司")).CheckAsync();
        await Assertions.Expect(grid.Locator(".timeline img").First).ToBeVisibleAsync();
        await grid.ScreenshotAsync("loop-04-grid-dispatch");
        await grid.GetByRole(AriaRole.Button, new() { Name = "派单", Exact = true }).ClickAsync();
        await Assertions.Expect(grid.Locator(".order-head .badges")).ToContainTextAsync("待签收");
        await Assertions.Expect(grid.Locator(".order-head")).ToContainTextAsync("鑫诚物业服务有限公司");
        await Assertions.Expect(grid.Locator("section.action.accept")).ToHaveCountAsync(0);
        await Assertions.Expect(grid.Locator("section.action.dispatch")).ToHaveCountAsync(0);

        // 接单 and 办结: the property company's staff accept it and report it done with a note.
        var property = await app.NewPageAsync(Device.Phone);
        await property.LogInHomeAsync(DemoUsers.PropertyStaffSanshundian1);
        await property.Locator("nav.loopnav").GetByRole(AriaRole.Link, new() { Name = "物业工单" }).ClickAsync();
        await property.Locator(".order-card").Filter(new() { HasText = Title }).Locator("a.order-title").ClickAsync();
        await property.ScreenshotAsync("loop-05-property-order");
        await Assertions.Expect(property.Locator("section.action")).ToHaveCountAsync(1);
        await Assertions.Expect(property.Locator("section.action.accept summary")).ToHaveTextAsync("退单");
        await property.GetByRole(AriaRole.Button, new() { Name = "接单", Exact = true }).ClickAsync();
        await Assertions.Expect(property.Locator(".order-head .badges")).ToContainTextAsync("处置中");
        await property.GetByLabel("处理情况").FillAsync("已疏通9号楼污水管道，清理了污水井。");
        await property.Locator("section.resolve input[name=photo]").SetInputFilesAsync(new FilePayload { Name = "疏通后.png", MimeType = "image/png", Buffer = Png(32, 32) });
        await property.GetByRole(AriaRole.Button, new() { Name = "提交办结" }).ClickAsync();
        await Assertions.Expect(property.Locator(".order-head .badges")).ToContainTextAsync("待核查");
        await Assertions.Expect(property.Locator("section.action")).ToHaveCountAsync(0);
        await property.ScreenshotAsync("loop-06-property-resolved");

        // 核查: the grid chief verifies; the order waits for the resident's rating.
        await grid.GotoAsync(orderUrl);
        await grid.GetByRole(AriaRole.Button, new() { Name = "核查通过" }).ClickAsync();
        await Assertions.Expect(grid.Locator(".order-head .badges")).ToContainTextAsync("待回访");
        await grid.ScreenshotAsync("loop-07-grid-verified");

        // 评单: the resident reads the timeline in plain Chinese and rates 已解决 + 满意.
        await resident.GotoAsync(orderUrl);
        await Assertions.Expect(resident.Locator("ol.timeline")).ToContainTextAsync("网格员核查通过，已办结");
        await Assertions.Expect(resident.Locator("ol.timeline")).ToContainTextAsync("承办方已处理完毕，等待网格核查");
        await Assertions.Expect(resident.Locator("section.action")).ToHaveCountAsync(1);
        await resident.GetByLabel("已解决", new() { Exact = true }).CheckAsync();
        await resident.GetByLabel("满意", new() { Exact = true }).CheckAsync();
        await resident.GetByLabel("留言（选填）").FillAsync("处理很及时，谢谢！");
        await resident.ScreenshotAsync("loop-08-resident-rating");
        await resident.GetByRole(AriaRole.Button, new() { Name = "提交评价" }).ClickAsync();
        await Assertions.Expect(resident.GetByRole(AriaRole.Status)).ToHaveTextAsync("感谢您的评价！");
        await Assertions.Expect(resident.Locator(".order-head .badges")).ToContainTextAsync("已评价");
        (await resident.Locator(".timeline img").EvaluateAllAsync<int[]>("imgs => imgs.map(i => i.naturalWidth)")).ShouldAllBe(w => w > 0);
        await resident.ScreenshotAsync("loop-09-resident-rated");

        // The community admin's KPI page of 三顺店社区: one callback, satisfied.
        var community = await app.NewPageAsync(Device.Desktop);
        await community.LogInHomeAsync(DemoUsers.CommunityAdminSanshundian);
        await community.Locator("nav.loopnav").GetByRole(AriaRole.Link, new() { Name = "考核统计" }).ClickAsync();
        await Assertions.Expect(community.Locator("h1")).ToContainTextAsync("三顺店社区");
        var satisfaction = community.Locator(".kpi-tile[data-kpi=satisfaction]");
        await Assertions.Expect(satisfaction.Locator(".kpi-value")).ToHaveTextAsync("100%");
        await Assertions.Expect(satisfaction.Locator(".kpi-count")).ToHaveTextAsync("1 / 1");
        await Assertions.Expect(community.Locator(".kpi-volumes")).ToContainTextAsync("下水堵塞");
        await community.ScreenshotAsync("loop-10-community-kpi");

        await community.Locator("nav.loopnav").GetByRole(AriaRole.Link, new() { Name = "督办" }).ClickAsync();
        await Assertions.Expect(community.Locator("h1")).ToHaveTextAsync("督办台");
        await community.ScreenshotAsync("loop-11-community-supervision");
    }

    [Fact]
    public async Task A_party_member_takes_an_errand_from_the_pool()
    {
        const string errand = "帮忙代买降压药";
        var resident = await app.NewPageAsync(Device.Phone);
        await resident.LogInHomeAsync(DemoUsers.ResidentShiqi1);
        await resident.GotoAsync("/orders/new");
        await resident.Locator("select[name=category]").SelectOptionAsync(new SelectOptionValue { Label = "代购代办" });
        await resident.GetByLabel("标题").FillAsync(errand);
        await resident.GetByRole(AriaRole.Button, new() { Name = "提交", Exact = true }).ClickAsync();
        await Assertions.Expect(resident.GetByRole(AriaRole.Status)).ToContainTextAsync("已提交");
        var orderUrl = await resident.GetByRole(AriaRole.Link, new() { Name = "查看进度" }).GetAttributeAsync("href");
        orderUrl.ShouldNotBeNull();

        var grid = await app.NewPageAsync(Device.Phone);
        await grid.LogInHomeAsync(DemoUsers.GridChiefShiqi1);
        await grid.GotoAsync(orderUrl);
        await grid.GetByLabel("发布到接单大厅（党员、志愿者）").CheckAsync();
        await grid.GetByRole(AriaRole.Button, new() { Name = "派单", Exact = true }).ClickAsync();
        await Assertions.Expect(grid.Locator(".order-head")).ToContainTextAsync("网格接单大厅");

        var party = await app.NewPageAsync(Device.Phone);
        await party.LogInHomeAsync(DemoUsers.PartyMemberShiqi1);
        await party.Locator("nav.loopnav").GetByRole(AriaRole.Link, new() { Name = "接单大厅" }).ClickAsync();
        var card = party.Locator(".order-card").Filter(new() { HasText = errand });
        await Assertions.Expect(card).ToContainTextAsync("待签收");
        await party.ScreenshotAsync("pool-01-party-pool");
        await card.GetByRole(AriaRole.Button, new() { Name = "接单" }).ClickAsync();

        await Assertions.Expect(party).ToHaveURLAsync(new Regex(Regex.Escape(orderUrl)));
        await Assertions.Expect(party.Locator(".order-head .badges")).ToContainTextAsync("处置中");
        await Assertions.Expect(party.Locator("section.resolve")).ToBeVisibleAsync();
        await party.ScreenshotAsync("pool-02-party-taken");

        await party.Locator("nav.loopnav").GetByRole(AriaRole.Link, new() { Name = "我的任务" }).ClickAsync();
        await Assertions.Expect(party.Locator(".order-card").Filter(new() { HasText = errand })).ToContainTextAsync("处置中");
        await party.ScreenshotAsync("pool-03-party-tasks");
    }

    /// <summary>A small valid PNG (RGB stripes), built here so the test needs no file.</summary>
    private static byte[] Png(int width, int height)
    {
        var raw = new byte[height * ((width * 3) + 1)];
        for (var y = 0; y < height; y++)
        {
            var row = y * ((width * 3) + 1);
            for (var x = 0; x < width; x++)
            {
                raw[row + 1 + (x * 3)] = (byte)(x * 255 / width);
                raw[row + 2 + (x * 3)] = (byte)(y * 255 / height);
                raw[row + 3 + (x * 3)] = 160;
            }
        }

        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(raw);
        }

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(MemoryStream png, string type, byte[] data)
    {
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var body = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type, body);
        data.CopyTo(body, 4);
        png.Write(body);
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(body));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
