using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Features.Organisations;
using CommunityGrid.Features.People;
using CommunityGrid.Infrastructure;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.People;

/// <summary>Registering residents, changing contacts, household surveys, organisations and estates.</summary>
[Collection(SharedApp.Name)]
public class PeopleWriteTests(AppFactory app)
{
    private const string Grid1House = "150105001001001002020301";

    private static readonly string[] LivingAloneAndDisabled = ["LivingAlone", "Disabled"];
    private static readonly string[] HardshipOnly = ["Hardship"];
    private static readonly string[] LichengBuilding = ["150104001001006003"];
    private static readonly string[] SanshundianBuilding = ["150103001001001001"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object NewPerson(string name, string houseCode = Grid1House, string? phone = "13900001111", Guid? householdId = null, string? relation = null)
    {
        var birth = new DateOnly(1970, 10, 10);
        return new { houseCode, name, gender = "Female", birthDate = birth, idNumber = ImportSheets.NewIdNumber(birth), phone, householdId, relationToHead = relation, partyStatus = "None" };
    }

    [Fact]
    public async Task A_grid_chief_registers_a_resident_in_a_new_household_of_the_own_grid()
    {
        using var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        var created = await (await worker.PostAsJsonAsync("/api/people", NewPerson("登记甲"), Ct)).ReadAsync<PersonCreated>(HttpStatusCode.Created);
        var id = created.Id;

        var detail = await (await worker.GetAsync($"/api/people/{id}", Ct)).ReadAsync<PersonDetail>();
        detail.Name.ShouldBe("登记甲");
        detail.RelationToHead.ShouldBe("户主");
        detail.Household.ShouldNotBeNull().HeadPersonId.ShouldBe(id);
        detail.Phone.ShouldBe("13900001111");

        var spouse = await (await worker.PostAsJsonAsync("/api/people", NewPerson("登记乙", householdId: created.HouseholdId, relation: "配偶"), Ct))
            .ReadAsync<PersonCreated>(HttpStatusCode.Created);
        spouse.HouseholdId.ShouldBe(created.HouseholdId);
        await (await worker.PostAsJsonAsync("/api/people", NewPerson("登记丙", householdId: created.HouseholdId, relation: "户主"), Ct))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "household_has_head");
    }

    [Fact]
    public async Task Registering_at_a_house_of_another_grid_answers_404()
    {
        using var worker = await app.ClientForAsync(DemoUsers.GridWorkerShiqi2);
        await (await worker.PostAsJsonAsync("/api/people", NewPerson("越界"), Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_building_head_sees_residents_but_cannot_register_them()
    {
        using var head = await app.ClientForAsync(DemoUsers.BuildingHeadShiqi1);
        await (await head.PostAsJsonAsync("/api/people", NewPerson("楼栋长登记", "150105001001001001010201"), Ct))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "people_edit_not_allowed");
    }

    [Fact]
    public async Task A_phone_that_is_not_a_mobile_number_is_refused()
    {
        using var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        await (await worker.PostAsJsonAsync("/api/people", NewPerson("号码错", phone: "4711234"), Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "phone_invalid");
    }

    [Fact]
    public async Task A_registered_id_number_cannot_be_registered_twice()
    {
        using var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        var me = await (await (await app.ClientForAsync(DemoUsers.ResidentShiqi1)).GetAsync("/api/people/me", Ct)).ReadAsync<PersonDetail>();
        var full = await (await worker.GetAsync($"/api/people/{me.Id}", Ct)).ReadAsync<PersonDetail>();
        var body = new { houseCode = Grid1House, name = "重复", gender = "Female", idNumber = full.IdNumber };
        await (await worker.PostAsJsonAsync("/api/people", body, Ct)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "id_number_taken");
    }

    [Fact]
    public async Task Grid_staff_change_a_residents_phone_and_residents_change_their_own()
    {
        using var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        var id = (await (await worker.PostAsJsonAsync("/api/people", NewPerson("改号码"), Ct)).ReadAsync<PersonCreated>(HttpStatusCode.Created)).Id;

        (await worker.PutAsJsonAsync($"/api/people/{id}/contact", new { phone = "13700002222" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await (await worker.GetAsync($"/api/people/{id}", Ct)).ReadAsync<PersonDetail>()).Phone.ShouldBe("13700002222");
        await (await worker.PutAsJsonAsync($"/api/people/{id}/contact", new { phone = "abc" }, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "phone_invalid");

        using var volunteer = await app.ClientForAsync(DemoUsers.VolunteerShiqi1);
        var own = (await (await volunteer.GetAsync("/api/people/me", Ct)).ReadAsync<PersonDetail>()).Id;
        (await volunteer.PutAsJsonAsync($"/api/people/{own}/contact", new { phone = "13600003333" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await volunteer.PutAsJsonAsync($"/api/people/{id}/contact", new { phone = "13600003333" }, Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_household_survey_sets_care_tags_with_who_when_and_why()
    {
        using var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        var created = await (await worker.PostAsJsonAsync("/api/people", NewPerson("调研对象"), Ct)).ReadAsync<PersonCreated>(HttpStatusCode.Created);
        var personId = created.Id;
        var householdId = created.HouseholdId;

        var survey = await (await worker.PostAsJsonAsync($"/api/households/{householdId}/surveys", new
        {
            note = "入户走访：独居，腿脚不便。",
            changes = new[] { new { personId, careTags = LivingAloneAndDisabled, reason = "独居，持残疾人证" } },
        }, Ct)).ReadAsync<SurveyRecorded>(HttpStatusCode.Created);
        survey.Changes[0].After.ShouldBe([CareTags.LivingAlone, CareTags.Disabled]);

        var detail = await (await worker.GetAsync($"/api/people/{personId}", Ct)).ReadAsync<PersonDetail>();
        detail.CareTags.ShouldBe([CareTags.LivingAlone, CareTags.Disabled]);
        var change = detail.CareTagHistory.ShouldNotBeNull().ShouldHaveSingleItem();
        change.Reason.ShouldBe("独居，持残疾人证");
        change.SetByName.ShouldBe("刘芳");
        change.Before.Count.ShouldBe(0);

        var household = await (await worker.GetAsync($"/api/households/{householdId}", Ct)).ReadAsync<HouseholdDetail>();
        household.Surveys[0].Note.ShouldBe("入户走访：独居，腿脚不便。");
    }

    [Fact]
    public async Task A_care_tag_change_without_a_reason_is_refused()
    {
        using var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        var created = await (await worker.PostAsJsonAsync("/api/people", NewPerson("无原因"), Ct)).ReadAsync<PersonCreated>(HttpStatusCode.Created);
        var response = await worker.PostAsJsonAsync($"/api/households/{created.HouseholdId}/surveys", new
        {
            note = "走访",
            changes = new[] { new { personId = created.Id, careTags = HardshipOnly, reason = " " } },
        }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_survey_of_a_household_in_another_grid_answers_404()
    {
        using var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        var created = await (await worker.PostAsJsonAsync("/api/people", NewPerson("别人的户"), Ct)).ReadAsync<PersonCreated>(HttpStatusCode.Created);
        using var other = await app.ClientForAsync(DemoUsers.GridWorkerShiqi2);
        await (await other.PostAsJsonAsync($"/api/households/{created.HouseholdId}/surveys", new { note = "x", changes = Array.Empty<object>() }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_community_admin_registers_an_organisation_creates_an_estate_and_assigns_its_buildings()
    {
        using var admin = await app.ClientForAsync(DemoUsers.CommunityAdminLicheng);
        var org = await (await admin.PostAsJsonAsync("/api/organisations", new
        {
            kind = "PropertyCompany",
            name = "测试物业有限公司",
            areaCode = "150104001001",
            contactName = "经理",
            contactPhone = "04715550000",
        }, Ct)).ReadAsync<OrganisationView>(HttpStatusCode.Created);
        org.Kind.ShouldBe(OrganisationKind.PropertyCompany);

        var estate = await (await admin.PostAsJsonAsync("/api/estates", new
        {
            name = "测试小区",
            communityCode = "150104001001",
            management = "PropertyCompany",
            managerOrganisationId = org.Id,
        }, Ct)).ReadAsync<EstateView>(HttpStatusCode.Created);
        var estateId = estate.Id;

        var assigned = await (await admin.PutAsJsonAsync($"/api/estates/{estateId}/buildings", new { buildingCodes = LichengBuilding }, Ct)).ReadAsync<EstateView>();
        assigned.BuildingCodes.ShouldBe(["150104001001006003"]);

        await (await admin.PutAsJsonAsync($"/api/estates/{estateId}/buildings", new { buildingCodes = SanshundianBuilding }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "building_not_in_community");

        var emptied = await (await admin.PutAsJsonAsync($"/api/estates/{estateId}/buildings", new { buildingCodes = Array.Empty<string>() }, Ct)).ReadAsync<EstateView>();
        emptied.BuildingCodes.Count.ShouldBe(0);
    }

    [Fact]
    public async Task An_estate_manager_must_match_the_management_mode()
    {
        using var admin = await app.ClientForAsync(DemoUsers.CommunityAdminSanshundian);
        var orgs = await (await admin.GetAsync("/api/organisations?kind=PropertyCompany", Ct)).ReadAsync<Page<OrganisationView>>();
        var company = orgs.Items[0].Id;
        await (await admin.PostAsJsonAsync("/api/estates", new { name = "错配小区", communityCode = "150103001001", management = "OwnersCommittee", managerOrganisationId = company }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "estate_manager_kind");
    }

    [Fact]
    public async Task Estates_and_organisations_outside_the_scope_answer_404()
    {
        using var admin = await app.ClientForAsync(DemoUsers.CommunityAdminHexi);
        await (await admin.PostAsJsonAsync("/api/organisations", new { kind = "Merchant", name = "越界商家", areaCode = "150105001001" }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        var estates = await (await admin.GetAsync("/api/estates", Ct)).ReadAsync<Page<EstateView>>();
        var hexi = estates.Items.ShouldHaveSingleItem();
        hexi.Name.ShouldBe("河西小区");

        using var shiqi = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        await (await shiqi.PutAsJsonAsync($"/api/estates/{hexi.Id}/buildings", new { buildingCodes = Array.Empty<string>() }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
