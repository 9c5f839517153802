using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityGrid.Tests.Infrastructure;
using CommunityGrid.Tests.WorkOrders;

namespace CommunityGrid.Tests.Open311;

public sealed class ServiceRequestTests(WorkOrderApp app) : IClassFixture<WorkOrderApp>
{
    private async Task<JsonElement> GridOrderAsync(string userName, string number)
    {
        var client = await app.ClientForAsync(userName);
        var page = await (await client.GetAsync("/api/work-orders?areaCode=150105001001001&pageSize=200")).JsonAsync();
        var item = page.GetProperty("items").EnumerateArray().SingleOrDefault(i => i.GetProperty("number").GetString() == number);
        item.ValueKind.ShouldBe(JsonValueKind.Object, $"{number} is not in the list of {userName}");
        return await app.GetAsync(userName, item.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_request_posted_with_the_demo_key_becomes_an_order_of_the_grid_its_grid_chief_sees()
    {
        var answer = await (await app.CreateClient().PostRequestAsync(Open311Calls.Drain())).Open311JsonAsync();

        answer.GetArrayLength().ShouldBe(1);
        var number = answer[0].GetProperty("service_request_id").GetString()!;
        number.ShouldStartWith("GD");
        answer[0].GetProperty("service_notice").GetString()!.ShouldContain("仕奇社区第一网格");
        answer[0].GetProperty("token").GetString().ShouldNotBeNullOrEmpty();

        var order = await GridOrderAsync(DemoUsers.GridChiefShiqi1, number);
        order.GetProperty("origin").GetString().ShouldBe("Open311");
        order.GetProperty("categoryCode").GetString().ShouldBe("property.drain");
        order.GetProperty("gridCode").GetString().ShouldBe("150105001001001");
        order.GetProperty("status").GetString().ShouldBe("AwaitingDispatch");
        order.GetProperty("requesterName").GetString().ShouldBe("张三");
        order.GetProperty("title").GetString()!.ShouldContain("下水堵塞");
        order.GetProperty("description").GetString()!.ShouldContain("是否影响多户：是");
        order.GetProperty("description").GetString()!.ShouldContain("所在楼层：3");
        order.GetProperty("timeline")[0].GetProperty("actorName").GetString()!.ShouldContain("Open311");
    }

    [Fact]
    public async Task The_answer_to_a_post_in_xml_is_a_request_under_service_requests()
    {
        var xml = await (await app.CreateClient().PostRequestAsync(Open311Calls.Drain(), "xml")).Open311XmlAsync();

        xml.Name.LocalName.ShouldBe("service_requests");
        var request = xml.Element("request")!;
        request.Text("service_request_id").ShouldStartWith("GD");
        request.Element("service_notice").ShouldNotBeNull();
        request.Element("account_id").ShouldNotBeNull();
    }

    [Fact]
    public async Task A_wrong_api_key_is_403_in_the_spec_error_shape()
    {
        var form = Open311Calls.Drain();
        form["api_key"] = "not-a-key";
        (await (await app.CreateClient().PostRequestAsync(form)).ShouldBeOpen311ErrorAsync(HttpStatusCode.Forbidden)).ShouldContain("api_key");

        var xml = await (await app.CreateClient().PostRequestAsync(form, "xml")).Open311XmlAsync(HttpStatusCode.Forbidden);
        xml.Name.LocalName.ShouldBe("errors");
        xml.Element("error")!.Text("code").ShouldBe("403");
    }

    [Fact]
    public async Task A_post_without_api_key_is_403()
    {
        var form = Open311Calls.Drain();
        form.Remove("api_key");
        await (await app.CreateClient().PostRequestAsync(form)).ShouldBeOpen311ErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_post_without_service_code_or_description_is_400()
    {
        var form = Open311Calls.Drain();
        form.Remove("service_code");
        form.Remove("description");
        (await (await app.CreateClient().PostRequestAsync(form)).ShouldBeOpen311ErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("service_code");
    }

    [Fact]
    public async Task A_post_for_an_unknown_service_is_404()
    {
        var form = Open311Calls.Drain();
        form["service_code"] = "potholes-on-mars";
        await (await app.CreateClient().PostRequestAsync(form)).ShouldBeOpen311ErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_missing_required_attribute_is_400()
    {
        var form = Open311Calls.Drain();
        form.Remove("attribute[affects_others]");
        (await (await app.CreateClient().PostRequestAsync(form)).ShouldBeOpen311ErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("affects_others");
    }

    [Fact]
    public async Task An_answer_outside_the_list_or_of_the_wrong_type_is_400()
    {
        var form = Open311Calls.Drain();
        form["attribute[affects_others]"] = "maybe";
        await (await app.CreateClient().PostRequestAsync(form)).ShouldBeOpen311ErrorAsync(HttpStatusCode.BadRequest);

        form = Open311Calls.Drain();
        form["attribute[floor]"] = "third";
        await (await app.CreateClient().PostRequestAsync(form)).ShouldBeOpen311ErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_multivaluelist_takes_several_keys()
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("api_key", Open311Calls.DemoKey), new("service_code", "noise"), new("lat", Open311Calls.ShiqiLat), new("long", Open311Calls.ShiqiLong),
            new("attribute[sources][]", "renovation"), new("attribute[sources][]", "pet"), new("description", "晚上十点后还在装修"),
        };
        var number = await app.CreateClient().ReportAsync(form);

        var order = await GridOrderAsync(DemoUsers.GridChiefShiqi1, number);
        order.GetProperty("description").GetString()!.ShouldContain("装修、宠物");
    }

    [Fact]
    public async Task A_point_outside_every_grid_is_400()
    {
        var form = Open311Calls.Drain();
        form["lat"] = "39.9042";
        form["long"] = "116.4074";
        (await (await app.CreateClient().PostRequestAsync(form)).ShouldBeOpen311ErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("grid");
    }

    [Fact]
    public async Task An_address_string_alone_cannot_be_located_and_is_400()
    {
        var form = Open311Calls.Drain();
        form.Remove("lat");
        form.Remove("long");
        await (await app.CreateClient().PostRequestAsync(form)).ShouldBeOpen311ErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_json_body_instead_of_a_form_is_400()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/open311/v2/requests.json", new { api_key = Open311Calls.DemoKey, service_code = "drain" });
        await response.ShouldBeOpen311ErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_request_reads_back_by_id_in_json_without_the_requester_name_or_phone()
    {
        var form = Open311Calls.Drain("下水反冒，联系我 13812345678");
        form["media_url"] = "https://example.com/photo.jpg";
        var number = await app.CreateClient().ReportAsync(form);

        var response = await app.CreateClient().GetAsync($"/open311/v2/requests/{number}.json");
        var body = await response.Content.ReadAsStringAsync();
        var request = (await response.Open311JsonAsync()).EnumerateArray().Single();

        request.GetProperty("service_request_id").GetString().ShouldBe(number);
        request.GetProperty("status").GetString().ShouldBe("open");
        request.GetProperty("status_notes").GetString()!.ShouldContain("待派单");
        request.GetProperty("service_code").GetString().ShouldBe("drain");
        request.GetProperty("service_name").GetString().ShouldBe("下水堵塞");
        request.GetProperty("agency_responsible").GetString().ShouldBe("仕奇社区第一网格");
        request.GetProperty("address").GetString().ShouldBe("仕奇社区 1号楼");
        request.GetProperty("lat").GetDouble().ShouldBe(40.811);
        request.GetProperty("long").GetDouble().ShouldBe(111.702);
        request.GetProperty("media_url").GetString().ShouldBe("https://example.com/photo.jpg");
        request.GetProperty("requested_datetime").GetString().ShouldBe("2026-12-01T09:00:00+08:00");
        request.GetProperty("updated_datetime").GetString().ShouldNotBeNull();
        request.GetProperty("description").GetString()!.ShouldContain("138****5678");
        body.ShouldNotContain("张三");
        body.ShouldNotContain("13912345678");
        body.ShouldNotContain("13812345678");
        body.ShouldNotContain("zhangsan@example.com");
    }

    [Fact]
    public async Task A_request_reads_back_by_id_in_xml()
    {
        var number = await app.CreateClient().ReportAsync(Open311Calls.Drain());

        var xml = await (await app.CreateClient().GetAsync($"/open311/v2/requests/{number}.xml")).Open311XmlAsync();

        xml.Name.LocalName.ShouldBe("service_requests");
        var request = xml.Elements("request").Single();
        request.Text("service_request_id").ShouldBe(number);
        request.Text("status").ShouldBe("open");
        request.Text("service_code").ShouldBe("drain");
        request.Text("lat").ShouldBe("40.811");
        foreach (var name in new[] { "status_notes", "service_name", "description", "agency_responsible", "service_notice", "requested_datetime",
            "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "long", "media_url" })
        {
            request.Element(name).ShouldNotBeNull(name);
        }
    }

    [Fact]
    public async Task An_unknown_request_id_is_404()
    {
        await (await app.CreateClient().GetAsync("/open311/v2/requests/GD00000000-NOPE.json")).ShouldBeOpen311ErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_token_leads_to_its_service_request_id()
    {
        var answer = await (await app.CreateClient().PostRequestAsync(Open311Calls.Drain())).Open311JsonAsync();
        var number = answer[0].GetProperty("service_request_id").GetString();
        var token = answer[0].GetProperty("token").GetString();

        var json = await (await app.CreateClient().GetAsync($"/open311/v2/tokens/{token}.json")).Open311JsonAsync();
        json[0].GetProperty("service_request_id").GetString().ShouldBe(number);
        json[0].GetProperty("token").GetString().ShouldBe(token);

        var xml = await (await app.CreateClient().GetAsync($"/open311/v2/tokens/{token}.xml")).Open311XmlAsync();
        xml.Element("request")!.Text("service_request_id").ShouldBe(number);

        await (await app.CreateClient().GetAsync("/open311/v2/tokens/0123456789abcdef0123456789abcdef.json")).ShouldBeOpen311ErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Requests_by_a_list_of_ids_return_exactly_those()
    {
        var client = app.CreateClient();
        var first = await client.ReportAsync(Open311Calls.Drain());
        var second = await client.ReportAsync(Open311Calls.Drain());
        await client.ReportAsync(Open311Calls.Drain());

        var requests = await (await client.GetAsync($"/open311/v2/requests.json?service_request_id={first},{second}&status=closed")).Open311JsonAsync();

        requests.Ids().ShouldBe([first, second], ignoreOrder: true);
    }

    [Fact]
    public async Task Requests_by_service_code_hold_only_that_service()
    {
        var client = app.CreateClient();
        var drain = await client.ReportAsync(Open311Calls.Drain());
        var garbageForm = Open311Calls.Drain("垃圾三天没清运");
        garbageForm["service_code"] = "garbage";
        garbageForm.Remove("attribute[floor]");
        garbageForm.Remove("attribute[affects_others]");
        var garbage = await client.ReportAsync(garbageForm);

        var requests = await (await client.GetAsync("/open311/v2/requests.json?service_code=garbage")).Open311JsonAsync();

        requests.Ids().ShouldContain(garbage);
        requests.Ids().ShouldNotContain(drain);
        requests.EnumerateArray().ShouldAllBe(r => r.GetProperty("service_code").GetString() == "garbage");
    }

    [Fact]
    public async Task Requests_by_status_split_open_from_closed()
    {
        var open = await app.CreateClient().ReportAsync(Open311Calls.Drain());
        var cancelledId = await app.ReportAsync(DemoUsers.ResidentShiqi1, new { categoryCode = "city.garbage", title = "门口垃圾没清运" });
        await app.ActAsync(DemoUsers.ResidentShiqi1, cancelledId, "cancel", new { note = "已自行处理" });
        var cancelled = (await app.GetAsync(DemoUsers.ResidentShiqi1, cancelledId)).GetProperty("number").GetString()!;

        var closedList = await (await app.CreateClient().GetAsync("/open311/v2/requests.json?status=closed")).Open311JsonAsync();
        var openList = await (await app.CreateClient().GetAsync("/open311/v2/requests.json?status=open")).Open311JsonAsync();

        closedList.Ids().ShouldContain(cancelled);
        closedList.Ids().ShouldNotContain(open);
        closedList.EnumerateArray().ShouldAllBe(r => r.GetProperty("status").GetString() == "closed");
        openList.Ids().ShouldContain(open);
        openList.Ids().ShouldNotContain(cancelled);
        var both = await (await app.CreateClient().GetAsync("/open311/v2/requests.json?status=open,closed")).Open311JsonAsync();
        both.Ids().ShouldContain(open);
        both.Ids().ShouldContain(cancelled);
    }

    [Fact]
    public async Task An_unknown_status_filter_is_400()
    {
        await (await app.CreateClient().GetAsync("/open311/v2/requests.json?status=pending")).ShouldBeOpen311ErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_personal_request_shows_its_status_but_not_where_or_what()
    {
        var form = new Dictionary<string, string>
        {
            ["api_key"] = Open311Calls.DemoKey,
            ["service_code"] = "home-visit",
            ["lat"] = Open311Calls.ShiqiLat,
            ["long"] = Open311Calls.ShiqiLong,
            ["address_string"] = "仕奇社区 2号楼 1单元 101",
            ["description"] = "独居老人，请上门看看",
        };
        var number = await app.CreateClient().ReportAsync(form);

        var request = (await (await app.CreateClient().GetAsync($"/open311/v2/requests/{number}.json")).Open311JsonAsync())[0];

        request.GetProperty("status").GetString().ShouldBe("open");
        request.GetProperty("address").ValueKind.ShouldBe(JsonValueKind.Null);
        request.GetProperty("lat").ValueKind.ShouldBe(JsonValueKind.Null);
        request.GetProperty("description").ValueKind.ShouldBe(JsonValueKind.Null);
    }
}
