using System.IO.Compression;
using CommunityGrid.BrowserTests.Infrastructure;

namespace CommunityGrid.BrowserTests.Journeys;

/// <summary>
/// The wish tree through the real pages, one browser per person: a resident wishes, the community
/// checks it, the wall shows it masked, a party member claims and fulfils it with a photo, the
/// resident confirms and the claimer sees the points. Then the alliance, care-visit and station pages.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WishJourneys(BrowserApp app)
{
    private const string Title = "想请人帮忙换个灯泡";
    private const string Shiqi = "150105001001";

    [Fact]
    public async Task A_wish_is_posted_approved_claimed_fulfilled_with_a_photo_confirmed_and_the_claimer_sees_the_points()
    {
        var resident = await app.NewPageAsync(Device.Phone);
        await resident.LogInHomeAsync(DemoUsers.ResidentShiqi1);
        await resident.Locator("section.incentives").GetByRole(AriaRole.Link, new() { Name = "我要许愿" }).ClickAsync();
        await resident.Locator("input[name=title]").FillAsync(Title);
        await resident.Locator("textarea[name=story]").FillAsync("厨房的灯泡坏了，我够不着。");
        await resident.ScreenshotAsync("wish-01-resident-new");
        await resident.GetByRole(AriaRole.Button, new() { Name = "提交心愿" }).ClickAsync();
        await Assertions.Expect(resident.GetByRole(AriaRole.Status)).ToContainTextAsync("等待社区审核");
        await Assertions.Expect(resident.Locator(".wish-card").Filter(new() { HasText = Title })).ToContainTextAsync("待审核");

        var community = await app.NewPageAsync(Device.Phone);
        await community.LogInHomeAsync(DemoUsers.CommunityAdminShiqi);
        await community.GotoAsync("/wishes/review");
        var pending = community.Locator(".wish-card").Filter(new() { HasText = Title });
        await Assertions.Expect(pending).ToContainTextAsync("陈*兰");
        await community.ScreenshotAsync("wish-02-community-review");
        await pending.GetByRole(AriaRole.Button, new() { Name = "审核通过，发布到心愿墙" }).ClickAsync();
        await Assertions.Expect(community.GetByRole(AriaRole.Status)).ToContainTextAsync("已发布到心愿墙");

        var anonymous = await app.NewPageAsync(Device.Phone);
        await anonymous.GotoAsync($"/wishes/{Shiqi}");
        var onWall = anonymous.Locator(".wish-card").Filter(new() { HasText = Title });
        await Assertions.Expect(onWall).ToContainTextAsync("陈*兰");
        await Assertions.Expect(anonymous.Locator("body")).Not.ToContainTextAsync("陈桂兰");
        await anonymous.ScreenshotAsync("wish-03-public-wall");

        var party = await app.NewPageAsync(Device.Phone);
        await party.LogInHomeAsync(DemoUsers.PartyMemberShiqi1);
        await party.Locator("section.incentives").GetByRole(AriaRole.Link, new() { Name = "心愿墙" }).ClickAsync();
        await party.Locator(".wish-card").Filter(new() { HasText = Title }).GetByRole(AriaRole.Button, new() { Name = "认领这个心愿" }).ClickAsync();
        await Assertions.Expect(party.GetByRole(AriaRole.Status)).ToContainTextAsync("认领成功");
        var claimed = party.Locator("#claimed-" + await IdOfAsync(party));
        await claimed.Locator("textarea[name=note]").FillAsync("周末上门换好了灯泡，顺便检查了线路。");
        await claimed.Locator("input[name=photo]").SetInputFilesAsync(new FilePayload { Name = "灯泡.png", MimeType = "image/png", Buffer = Png(40, 30) });
        await party.ScreenshotAsync("wish-04-claimer-fulfil");
        await claimed.GetByRole(AriaRole.Button, new() { Name = "提交：心愿已实现" }).ClickAsync();
        await Assertions.Expect(party.Locator(".wish-card").Filter(new() { HasText = Title })).ToContainTextAsync("已实现，待确认");

        await resident.GotoAsync("/wishes/mine");
        var mine = resident.Locator(".wish-card").Filter(new() { HasText = Title });
        await Assertions.Expect(mine.Locator(".photos img")).ToBeVisibleAsync();
        // The proof photo really loads (lazily: wait for it rather than read it half-way).
        (await mine.Locator(".photos img").EvaluateAsync<int>("img => img.complete && img.naturalWidth ? img.naturalWidth : new Promise(r => img.addEventListener('load', () => r(img.naturalWidth)))")).ShouldBe(40);
        await resident.ScreenshotAsync("wish-05-resident-confirm");
        await mine.GetByRole(AriaRole.Button, new() { Name = "确认心愿已实现" }).ClickAsync();
        await Assertions.Expect(resident.Locator(".wish-card").Filter(new() { HasText = Title })).ToContainTextAsync("已圆梦");

        await party.GotoAsync("/wishes/mine");
        await Assertions.Expect(party.Locator(".wish-card").Filter(new() { HasText = Title })).ToContainTextAsync("获得 30 积分");
        await Assertions.Expect(party.Locator("section.card")).ToContainTextAsync("我的积分余额：30");
        await party.ScreenshotAsync("wish-06-claimer-points");
    }

    [Fact]
    public async Task A_team_member_claims_a_wish_for_her_team_and_the_wall_names_the_team()
    {
        var volunteer = await app.NewPageAsync(Device.Phone);
        await volunteer.LogInHomeAsync(DemoUsers.VolunteerShiqi1);
        await volunteer.GotoAsync($"/wishes/{Shiqi}");
        var card = volunteer.Locator(".wish-card").Filter(new() { HasText = "希望有人教我用手机预约挂号" });
        await card.Locator("select[name=team]").SelectOptionAsync(new SelectOptionValue { Label = "巾帼宜家" });
        await volunteer.ScreenshotAsync("wish-07-claim-for-team");
        await card.GetByRole(AriaRole.Button, new() { Name = "认领这个心愿" }).ClickAsync();
        await Assertions.Expect(volunteer.GetByRole(AriaRole.Status)).ToContainTextAsync("认领成功");

        var anonymous = await app.NewPageAsync(Device.Phone);
        await anonymous.GotoAsync($"/wishes/{Shiqi}");
        await Assertions.Expect(anonymous.Locator(".wish-card").Filter(new() { HasText = "希望有人教我用手机预约挂号" })).ToContainTextAsync("认领：巾帼宜家");
    }

    [Fact]
    public async Task Accounts_that_cannot_claim_or_post_a_wish_are_not_offered_the_buttons()
    {
        foreach (var user in new[] { DemoUsers.StationStaffLicheng1, DemoUsers.CommunityAdminLicheng })
        {
            var page = await app.NewPageAsync(Device.Phone);
            await page.LogInHomeAsync(user);
            await page.GotoAsync("/wishes/150104001001");
            await Assertions.Expect(page.Locator(".wish-card").First).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "认领这个心愿" })).ToHaveCountAsync(0);
            await page.ScreenshotAsync($"wish-08-licheng-wall-{user.Split('.')[0]}");
        }

        foreach (var user in new[] { DemoUsers.CityAdmin, DemoUsers.DistrictAdminSaihan })
        {
            var page = await app.NewPageAsync(Device.Phone);
            await page.LogInHomeAsync(user);
            await Assertions.Expect(page.Locator("section.incentives")).ToContainTextAsync("心愿审核");
            await Assertions.Expect(page.Locator("section.incentives").GetByRole(AriaRole.Link, new() { Name = "我要许愿" })).ToHaveCountAsync(0);
            await page.GotoAsync("/wishes/new");
            await Assertions.Expect(page.Locator("input[name=title]")).ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("只有登记在册的居民可以许愿");
        }
    }

    [Fact]
    public async Task The_alliance_page_shows_the_caring_merchants_and_the_admin_approves_an_applicant()
    {
        var admin = await app.NewPageAsync(Device.Phone);
        await admin.LogInHomeAsync(DemoUsers.CommunityAdminHexi);
        await admin.GotoAsync("/alliance/150102001001");
        await Assertions.Expect(admin.Locator(".merchants")).ToContainTextAsync("河西爱心理发店");
        await Assertions.Expect(admin.Locator(".merchants")).ToContainTextAsync("公益理发");
        await Assertions.Expect(admin.Locator(".manage")).ToContainTextAsync("河西便民维修部");
        await admin.ScreenshotAsync("alliance-01-community-page");
    }

    [Fact]
    public async Task An_elder_books_the_caring_haircut_once_and_only_those_the_booking_accepts_see_the_button()
    {
        var elder = await app.NewPageAsync(Device.Phone);
        await elder.LogInHomeAsync("resident.hexi.01");
        await elder.GotoAsync("/alliance/bookings");
        var haircut = elder.Locator(".order-card").Filter(new() { HasText = "公益理发" });
        await Assertions.Expect(haircut.GetByRole(AriaRole.Button, new() { Name = "我要预约" })).ToBeVisibleAsync();
        await elder.ScreenshotAsync("alliance-02-bookings-elder");
        await haircut.GetByRole(AriaRole.Button, new() { Name = "我要预约" }).ClickAsync();
        await Assertions.Expect(elder.GetByRole(AriaRole.Status)).ToContainTextAsync("预约成功");
        // Booked for this month: the button would only meet already_booked, so it is gone and the card says why.
        var booked = elder.Locator("ul.order-list").First.Locator(".order-card").Filter(new() { HasText = "公益理发" });
        await Assertions.Expect(booked.GetByRole(AriaRole.Button, new() { Name = "我要预约" })).ToHaveCountAsync(0);
        await Assertions.Expect(booked).ToContainTextAsync("本期已预约过此项服务");
        await elder.ScreenshotAsync("alliance-03-bookings-elder-booked");

        // The merchant has no resident record to book with: no button either.
        var merchant = await app.NewPageAsync(Device.Phone);
        await merchant.LogInHomeAsync("merchant.hexi.01");
        await merchant.GotoAsync("/alliance/bookings");
        await Assertions.Expect(merchant.Locator(".order-card").Filter(new() { HasText = "公益理发" }).First).ToBeVisibleAsync();
        await Assertions.Expect(merchant.GetByRole(AriaRole.Button, new() { Name = "我要预约" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_grid_chief_sees_the_visits_due_with_the_overdue_elder_and_records_a_visit()
    {
        var chief = await app.NewPageAsync(Device.Phone);
        await chief.LogInHomeAsync(DemoUsers.GridChiefHexi1);
        await chief.Locator("section.incentives").GetByRole(AriaRole.Link, new() { Name = "关爱走访" }).ClickAsync();
        var elder = chief.Locator(".visits-due .order-card").Filter(new() { HasText = "白玉兰" });
        await Assertions.Expect(elder).ToContainTextAsync("逾期");
        await Assertions.Expect(elder).ToContainTextAsync("独居空巢");
        await chief.ScreenshotAsync("care-01-visits-due");
        await elder.Locator("summary").ClickAsync();
        await elder.Locator("textarea[name=note]").FillAsync("上门看望，老人身体不错。");
        await elder.GetByRole(AriaRole.Button, new() { Name = "保存走访记录" }).ClickAsync();
        await Assertions.Expect(chief.GetByRole(AriaRole.Status)).ToContainTextAsync("走访记录已保存");
    }

    [Fact]
    public async Task The_community_admin_sets_how_often_residents_with_a_care_tag_are_visited()
    {
        var admin = await app.NewPageAsync(Device.Phone);
        await admin.LogInHomeAsync(DemoUsers.CommunityAdminShiqi);
        await admin.GotoAsync("/care-visits");
        await admin.GetByRole(AriaRole.Link, new() { Name = "设置走访周期" }).ClickAsync();
        await Assertions.Expect(admin.Locator("h1")).ToContainTextAsync("仕奇社区 · 走访周期");
        var disabled = admin.Locator("form.intervals label").Filter(new() { HasText = "残障" });
        await Assertions.Expect(disabled).ToContainTextAsync("默认");
        await disabled.Locator("input").FillAsync("10");
        await admin.GetByRole(AriaRole.Button, new() { Name = "保存走访周期" }).ClickAsync();

        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("走访周期已保存");
        await admin.GotoAsync("/care-visits/intervals");
        await Assertions.Expect(disabled.Locator("input")).ToHaveValueAsync("10");
        await Assertions.Expect(disabled).Not.ToContainTextAsync("默认");
        await Assertions.Expect(admin.Locator("form.intervals label").Filter(new() { HasText = "独居空巢" })).ToContainTextAsync("默认");
        await admin.ScreenshotAsync("care-02-admin-intervals");
    }

    [Fact]
    public async Task A_rider_finds_the_stations_and_checks_in_and_the_station_staff_see_it()
    {
        var rider = await app.NewPageAsync(Device.Phone);
        await rider.LogInHomeAsync(DemoUsers.RiderLicheng1);
        await rider.GotoAsync("/stations?lat=40.7930&lng=111.6610");
        var station = rider.Locator(".station").Filter(new() { HasText = "俪城社区红蜂驿站" });
        await Assertions.Expect(station).ToContainTextAsync("微波炉");
        // A second tab still on the page a first check-in leaves behind (?done=1), with the button of before.
        var stale = await rider.Context.NewPageAsync();
        await stale.GotoAsync("/stations?done=1&lat=40.7930&lng=111.6610");
        await station.GetByRole(AriaRole.Button, new() { Name = "到站签到" }).ClickAsync();
        await Assertions.Expect(rider.GetByRole(AriaRole.Status)).ToContainTextAsync("签到成功");
        // Checked in: the station says when, and offers no second check-in.
        await Assertions.Expect(station).ToContainTextAsync("已在此签到");
        await Assertions.Expect(station.GetByRole(AriaRole.Button, new() { Name = "到站签到" })).ToHaveCountAsync(0);
        await rider.ScreenshotAsync("station-01-rider-list");

        // The repeat from the stale tab gets one answer: checked in already, not 签到成功 beside it.
        await stale.Locator(".station").Filter(new() { HasText = "俪城社区红蜂驿站" }).GetByRole(AriaRole.Button, new() { Name = "到站签到" }).ClickAsync();
        await Assertions.Expect(stale.GetByRole(AriaRole.Status)).ToContainTextAsync("30 分钟内已在本驿站签到过");
        await Assertions.Expect(stale.Locator("main")).Not.ToContainTextAsync("签到成功");
        await Assertions.Expect(stale.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);

        var staff = await app.NewPageAsync(Device.Phone);
        await staff.LogInHomeAsync(DemoUsers.StationStaffLicheng1);
        await staff.GotoAsync("/stations");
        await staff.Locator(".station").Filter(new() { HasText = "俪城社区红蜂驿站" }).GetByRole(AriaRole.Link, new() { Name = "今日使用情况" }).ClickAsync();
        await Assertions.Expect(staff.Locator("table.visitors")).ToContainTextAsync("李小龙");
        await staff.ScreenshotAsync("station-02-staff-today");
    }

    private static async Task<string> IdOfAsync(IPage page)
    {
        var id = await page.Locator(".wish-card").Filter(new() { HasText = Title }).First.GetAttributeAsync("id");
        return id!["claimed-".Length..];
    }

    private static byte[] Png(int width, int height)
    {
        var raw = new byte[height * ((width * 3) + 1)];
        for (var y = 0; y < height; y++)
        {
            var row = y * ((width * 3) + 1);
            for (var x = 0; x < width; x++)
            {
                raw[row + 1 + (x * 3)] = 240;
                raw[row + 2 + (x * 3)] = (byte)(200 - (y * 100 / height));
                raw[row + 3 + (x * 3)] = 60;
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
        header[8] = 8;
        header[9] = 2;
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        s.Write(length);
        var typed = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(typed, 0);
        data.CopyTo(typed, 4);
        s.Write(typed);
        Span<byte> crc = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        s.Write(crc);
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
