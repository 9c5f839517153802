using System.Net;
using System.Text.Json;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.Open311;

[Collection(SharedApp.Name)]
public sealed class ServiceCatalogueTests(AppFactory app)
{
    [Fact]
    public async Task Discovery_points_to_the_GeoReport_v2_endpoint_in_both_formats()
    {
        var client = app.CreateClient();
        var json = await (await client.GetAsync("/open311/v2/discovery.json")).Open311JsonAsync();
        json.GetProperty("changeset").GetString().ShouldNotBeNullOrEmpty();
        json.GetProperty("contact").GetString().ShouldNotBeNullOrEmpty();
        json.GetProperty("key_service").GetString().ShouldNotBeNullOrEmpty();
        var endpoint = json.GetProperty("endpoints")[0];
        endpoint.GetProperty("specification").GetString().ShouldBe("http://wiki.open311.org/GeoReport_v2");
        endpoint.GetProperty("url").GetString()!.ShouldEndWith("/open311/v2/");
        endpoint.GetProperty("type").GetString().ShouldBe("production");
        endpoint.GetProperty("formats").EnumerateArray().Select(f => f.GetString()).ShouldBe(["text/xml", "application/json"]);

        var xml = await (await client.GetAsync("/open311/v2/discovery.xml")).Open311XmlAsync();
        xml.Name.LocalName.ShouldBe("discovery");
        var xmlEndpoint = xml.Element("endpoints")!.Element("endpoint")!;
        xmlEndpoint.Text("specification").ShouldBe("http://wiki.open311.org/GeoReport_v2");
        xmlEndpoint.Text("type").ShouldBe("production");
        xmlEndpoint.Element("formats")!.Elements("format").Select(f => f.Value).ShouldBe(["text/xml", "application/json"]);
    }

    [Fact]
    public async Task Services_list_each_leaf_category_by_its_open311_code_with_its_group()
    {
        var services = await (await app.CreateClient().GetAsync("/open311/v2/services.json")).Open311JsonAsync();

        var byCode = services.EnumerateArray().ToDictionary(s => s.GetProperty("service_code").GetString()!);
        // The shipped catalogue: 21 leaves, and six more for the city hotline's triage (智能派单).
        byCode.Count.ShouldBe(27);
        byCode.Keys.ShouldContain("streetlight");
        var drain = byCode["drain"];
        drain.GetProperty("service_name").GetString().ShouldBe("下水堵塞");
        drain.GetProperty("group").GetString().ShouldBe("物业服务");
        drain.GetProperty("type").GetString().ShouldBe("realtime");
        drain.GetProperty("metadata").GetBoolean().ShouldBeTrue();
        drain.GetProperty("keywords").GetString()!.ShouldContain("Blocked drain");
        byCode["garbage"].GetProperty("metadata").GetBoolean().ShouldBeFalse();
        byCode["garbage"].GetProperty("group").GetString().ShouldBe("市容环境");
    }

    [Fact]
    public async Task Services_in_xml_are_service_elements_under_services()
    {
        var xml = await (await app.CreateClient().GetAsync("/open311/v2/services.xml")).Open311XmlAsync();

        xml.Name.LocalName.ShouldBe("services");
        var drain = xml.Elements("service").Single(s => s.Text("service_code") == "drain");
        drain.Text("service_name").ShouldBe("下水堵塞");
        drain.Text("metadata").ShouldBe("true");
        drain.Text("type").ShouldBe("realtime");
        drain.Text("group").ShouldBe("物业服务");
        drain.Element("description").ShouldNotBeNull();
        drain.Element("keywords").ShouldNotBeNull();
    }

    [Fact]
    public async Task The_blocked_drain_definition_asks_for_the_floor_and_whether_other_households_are_affected()
    {
        var definition = await (await app.CreateClient().GetAsync("/open311/v2/services/drain.json")).Open311JsonAsync();

        definition.GetProperty("service_code").GetString().ShouldBe("drain");
        var attributes = definition.GetProperty("attributes").EnumerateArray().ToDictionary(a => a.GetProperty("code").GetString()!);
        attributes["notice"].GetProperty("variable").GetBoolean().ShouldBeFalse();
        var floor = attributes["floor"];
        floor.GetProperty("variable").GetBoolean().ShouldBeTrue();
        floor.GetProperty("datatype").GetString().ShouldBe("number");
        floor.GetProperty("required").GetBoolean().ShouldBeFalse();
        floor.GetProperty("order").GetInt32().ShouldBe(2);
        var affects = attributes["affects_others"];
        affects.GetProperty("datatype").GetString().ShouldBe("singlevaluelist");
        affects.GetProperty("required").GetBoolean().ShouldBeTrue();
        affects.GetProperty("description").GetString()!.ShouldContain("是否影响多户");
        affects.GetProperty("values").EnumerateArray().Select(v => (v.GetProperty("key").GetString(), v.GetProperty("name").GetString()))
            .ShouldBe([("yes", "是"), ("no", "否")]);
    }

    [Fact]
    public async Task A_service_definition_in_xml_nests_attributes_and_values()
    {
        var xml = await (await app.CreateClient().GetAsync("/open311/v2/services/noise.xml")).Open311XmlAsync();

        xml.Name.LocalName.ShouldBe("service_definition");
        xml.Text("service_code").ShouldBe("noise");
        var sources = xml.Element("attributes")!.Elements("attribute").Single(a => a.Text("code") == "sources");
        sources.Text("datatype").ShouldBe("multivaluelist");
        sources.Text("required").ShouldBe("false");
        sources.Text("variable").ShouldBe("true");
        sources.Element("values")!.Elements("value").Select(v => v.Text("key")).ShouldContain("renovation");
        xml.Element("attributes")!.Elements("attribute").Single(a => a.Text("code") == "since").Text("datatype").ShouldBe("datetime");
    }

    [Fact]
    public async Task A_service_without_attributes_has_an_empty_definition()
    {
        var definition = await (await app.CreateClient().GetAsync("/open311/v2/services/garbage.json")).Open311JsonAsync();
        definition.GetProperty("attributes").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task An_unknown_service_code_is_404_in_the_spec_error_shape()
    {
        var client = app.CreateClient();
        (await (await client.GetAsync("/open311/v2/services/potholes-on-mars.json")).ShouldBeOpen311ErrorAsync(HttpStatusCode.NotFound)).ShouldContain("potholes-on-mars");

        var xml = await (await client.GetAsync("/open311/v2/services/potholes-on-mars.xml")).Open311XmlAsync(HttpStatusCode.NotFound);
        xml.Name.LocalName.ShouldBe("errors");
        var error = xml.Element("error")!;
        error.Text("code").ShouldBe("404");
        error.Text("description").ShouldContain("service_code");
    }

    [Fact]
    public async Task Another_jurisdiction_is_404()
    {
        var response = await app.CreateClient().GetAsync("/open311/v2/services.json?jurisdiction_id=310000");
        await response.ShouldBeOpen311ErrorAsync(HttpStatusCode.NotFound);
        (await app.CreateClient().GetAsync("/open311/v2/services.json?jurisdiction_id=150100")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_format_other_than_json_or_xml_is_404()
    {
        var response = await app.CreateClient().GetAsync("/open311/v2/services.csv");
        await response.ShouldBeOpen311ErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_open311_endpoints_answer_without_a_login()
    {
        var response = await app.CreateClient().GetAsync("/open311/v2/services.json");
        (await response.Open311JsonAsync()).ValueKind.ShouldBe(JsonValueKind.Array);
    }
}
