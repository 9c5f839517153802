using System.Net;
using CommunityGrid.Data;
using CommunityGrid.Features.Auditing;
using CommunityGrid.Features.Organisations;
using CommunityGrid.Features.People;
using CommunityGrid.Infrastructure;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.People;

/// <summary>Who sees which residents, and how much of them: reads against the seeded demo.</summary>
[Collection(SharedApp.Name)]
public class PeopleScopeTests(AppFactory app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool IsMaskedId(string? value) => value is not null && value.Contains("********", StringComparison.Ordinal);

    private static bool IsMaskedPhone(string? value) => value is null || value.Contains("****", StringComparison.Ordinal);

    private async Task<Guid> PersonIdOfAsync(string userName)
    {
        using var client = await app.ClientForAsync(userName);
        var me = await (await client.GetAsync("/api/people/me", Ct)).ReadAsync<PersonDetail>();
        return me.Id;
    }

    [Fact]
    public async Task A_grid_worker_gets_404_for_a_resident_of_another_grid()
    {
        var otherGridResident = await PersonIdOfAsync(DemoUsers.ResidentShiqi2);
        using var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);

        await (await worker.GetAsync($"/api/people/{otherGridResident}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_grid_worker_lists_only_residents_of_the_own_grid()
    {
        using var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        var page = await (await worker.GetAsync("/api/people?pageSize=200", Ct)).ReadAsync<Page<PersonListItem>>();

        page.Total.ShouldBeGreaterThan(0);
        foreach (var item in page.Items)
        {
            item.AreaPath.ShouldStartWith("150100/150105/150105001/150105001001/150105001001001/");
        }
    }

    [Fact]
    public async Task Asking_for_an_area_outside_the_scope_answers_404()
    {
        using var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        await (await worker.GetAsync("/api/people?areaCode=150105001001002", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await worker.GetAsync("/api/households?areaCode=150105001001002", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData(DemoUsers.ResidentShiqi1)]
    [InlineData(DemoUsers.PartyMemberShiqi1)]
    [InlineData(DemoUsers.VolunteerShiqi1)]
    [InlineData(DemoUsers.RiderLicheng1)]
    [InlineData(DemoUsers.MerchantHexi1)]
    [InlineData(DemoUsers.PropertyStaffSanshundian1)]
    public async Task Roles_that_keep_no_registry_cannot_list_residents_or_households(string userName)
    {
        using var client = await app.ClientForAsync(userName);
        await (await client.GetAsync("/api/people", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.GetAsync("/api/households", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_resident_reads_the_own_record_masked_and_without_care_tags()
    {
        using var resident = await app.ClientForAsync(DemoUsers.ResidentShiqi1);
        var me = await (await resident.GetAsync("/api/people/me", Ct)).ReadAsync<PersonDetail>();

        me.Name.ShouldBe("陈桂兰");
        IsMaskedId(me.IdNumber).ShouldBeTrue();
        me.Masked.ShouldBeTrue();
        me.CareTags.ShouldBeNull();
        me.Household.ShouldNotBeNull().Address.ShouldStartWith("仕奇社区");

        var byId = await (await resident.GetAsync($"/api/people/{me.Id}", Ct)).ReadAsync<PersonDetail>();
        byId.Name.ShouldBe("陈桂兰");
    }

    [Fact]
    public async Task A_resident_cannot_read_a_neighbour()
    {
        var neighbour = await PersonIdOfAsync(DemoUsers.PartyMemberShiqi1);
        using var resident = await app.ClientForAsync(DemoUsers.ResidentShiqi1);
        await (await resident.GetAsync($"/api/people/{neighbour}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task An_account_without_a_resident_record_has_no_me()
    {
        using var admin = await app.ClientForAsync(DemoUsers.CityAdmin);
        await (await admin.GetAsync("/api/people/me", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData(DemoUsers.CityAdmin)]
    [InlineData(DemoUsers.DistrictAdminSaihan)]
    [InlineData(DemoUsers.StreetAdminRenminlu)]
    [InlineData(DemoUsers.CommunityAdminShiqi)]
    [InlineData(DemoUsers.GridChiefShiqi1)]
    [InlineData(DemoUsers.BuildingHeadShiqi1)]
    public async Task Lists_are_masked_for_everybody(string userName)
    {
        using var client = await app.ClientForAsync(userName);
        var page = await (await client.GetAsync("/api/people?pageSize=50", Ct)).ReadAsync<Page<PersonListItem>>();
        var items = page.Items;

        items.ShouldNotBeEmpty();
        items.ShouldAllBe(i => IsMaskedId(i.IdNumber) && IsMaskedPhone(i.Phone));
        items.ShouldContain(i => i.Phone != null);
    }

    [Fact]
    public async Task Household_members_are_masked_even_for_the_grid_chief()
    {
        using var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        var households = await (await worker.GetAsync("/api/households?pageSize=5", Ct)).ReadAsync<Page<HouseholdListItem>>();
        var id = households.Items[0].Id;

        var household = await (await worker.GetAsync($"/api/households/{id}", Ct)).ReadAsync<HouseholdDetail>();
        var members = household.Members;
        members.ShouldNotBeEmpty();
        members.ShouldAllBe(m => IsMaskedId(m.IdNumber));
        members[0].RelationToHead.ShouldBe(HouseholdRelations.Head);
    }

    [Theory]
    [InlineData(DemoUsers.StreetAdminRenminlu)]
    [InlineData(DemoUsers.CityAdmin)]
    [InlineData(DemoUsers.DistrictAdminSaihan)]
    public async Task Detail_stays_masked_for_street_district_and_city_admins(string userName)
    {
        var subject = await PersonIdOfAsync(DemoUsers.ResidentShiqi1);
        using var client = await app.ClientForAsync(userName);
        var detail = await (await client.GetAsync($"/api/people/{subject}", Ct)).ReadAsync<PersonDetail>();

        detail.Masked.ShouldBeTrue();
        IsMaskedId(detail.IdNumber).ShouldBeTrue();
        IsMaskedPhone(detail.Phone).ShouldBeTrue();
        detail.CareTags.ShouldNotBeNull();
    }

    [Theory]
    [InlineData(DemoUsers.GridChiefShiqi1)]
    [InlineData(DemoUsers.CommunityAdminShiqi)]
    public async Task Grid_staff_and_community_admins_read_the_detail_unmasked_and_the_read_is_logged(string userName)
    {
        var subject = await PersonIdOfAsync(DemoUsers.ResidentShiqi1);
        using var client = await app.ClientForAsync(userName);
        var detail = await (await client.GetAsync($"/api/people/{subject}", Ct)).ReadAsync<PersonDetail>();

        detail.Masked.ShouldBeFalse();
        var idNumber = detail.IdNumber!;
        IdNumbers.IsValid(idNumber).ShouldBeTrue();
        PhoneNumbers.IsMobile(detail.Phone).ShouldBeTrue();

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var reads = await db.SensitiveReads.AsNoTracking().Where(r => r.SubjectId == subject.ToString() && r.UserName == userName).ToListAsync(Ct);
        reads.ShouldNotBeEmpty();
        var read = reads[^1];
        read.SubjectType.ShouldBe("Person");
        read.Fields.ShouldContain("idNumber");
        read.Fields.ShouldContain("phone");
        read.AreaPath.ShouldStartWith("150100/150105/150105001/150105001001/150105001001001/");
        read.RequestPath.ShouldBe($"/api/people/{subject}");
    }

    [Fact]
    public async Task The_community_admin_reads_the_sensitive_read_log_of_the_community()
    {
        var subject = await PersonIdOfAsync(DemoUsers.ResidentShiqi1);
        using (var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1))
        {
            (await worker.GetAsync($"/api/people/{subject}", Ct)).EnsureSuccessStatusCode();
        }

        using var admin = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var log = await (await admin.GetAsync($"/api/audit/sensitive-reads?subjectId={subject}", Ct)).ReadAsync<Page<SensitiveReadView>>();
        log.Items.ShouldContain(r => r.UserName == DemoUsers.GridChiefShiqi1 && r.Fields.Contains("idNumber"));

        using var otherAdmin = await app.ClientForAsync(DemoUsers.CommunityAdminHexi);
        var elsewhere = await (await otherAdmin.GetAsync($"/api/audit/sensitive-reads?subjectId={subject}", Ct)).ReadAsync<Page<SensitiveReadView>>();
        elsewhere.Total.ShouldBe(0);
    }

    [Theory]
    [InlineData(DemoUsers.GridChiefShiqi1)]
    [InlineData(DemoUsers.ResidentShiqi1)]
    public async Task The_sensitive_read_log_is_404_for_callers_who_administer_nothing(string userName)
    {
        using var client = await app.ClientForAsync(userName);
        await (await client.GetAsync("/api/audit/sensitive-reads", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Care_tags_filter_the_list_and_the_detail_shows_who_set_them_and_why()
    {
        using var admin = await app.ClientForAsync(DemoUsers.CommunityAdminHexi);
        var page = await (await admin.GetAsync("/api/people?careTag=LivingAlone&areaCode=150102001001001&pageSize=200", Ct)).ReadAsync<Page<PersonListItem>>();
        var items = page.Items;
        items.ShouldAllBe(i => i.CareTags.Any(t => t == CareTags.LivingAlone));
        var elder = items.Single(i => i.Name == "白玉兰");

        var detail = await (await admin.GetAsync($"/api/people/{elder.Id}", Ct)).ReadAsync<PersonDetail>();
        detail.CareTags.ShouldBe([CareTags.LivingAlone, CareTags.Elderly80Plus]);
        var change = detail.CareTagHistory.ShouldNotBeNull().ShouldHaveSingleItem();
        change.Reason.ShouldBe("独居空巢，年满八十周岁");
        change.SetByName.ShouldNotBeNullOrWhiteSpace();
        detail.Age.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(80);
    }

    [Fact]
    public async Task Filtering_by_name_and_party_status_narrows_the_list()
    {
        using var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        var page = await (await worker.GetAsync("/api/people?name=" + Uri.EscapeDataString("郭红梅") + "&partyStatus=InService", Ct)).ReadAsync<Page<PersonListItem>>();
        var item = page.Items.ShouldHaveSingleItem();
        item.PartyStatus.ShouldBe(PartyStatus.InService);
    }

    [Fact]
    public async Task A_household_of_another_grid_answers_404()
    {
        using var other = await app.ClientForAsync(DemoUsers.GridWorkerShiqi2);
        var households = await (await other.GetAsync("/api/households?pageSize=1", Ct)).ReadAsync<Page<HouseholdListItem>>();
        var id = households.Items[0].Id;

        using var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        await (await worker.GetAsync($"/api/households/{id}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Grid_staff_see_the_estate_of_their_community_and_only_it()
    {
        using var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        var estates = await (await worker.GetAsync("/api/estates", Ct)).ReadAsync<Page<EstateView>>();
        var items = estates.Items;
        items.ShouldAllBe(e => e.CommunityCode == "150105001001");
        var estate = items.Single(e => e.Name == "仕奇苑");
        estate.Management.ShouldBe(EstateManagement.PropertyCompany);
        estate.BuildingCodes.Count.ShouldBe(18);
    }

    [Fact]
    public async Task Organisations_are_listed_within_the_registry_scope()
    {
        using var admin = await app.ClientForAsync(DemoUsers.CommunityAdminSanshundian);
        var page = await (await admin.GetAsync("/api/organisations?kind=PropertyCompany", Ct)).ReadAsync<Page<OrganisationView>>();
        page.Items.Select(o => o.Name).ShouldBe(["鑫诚物业服务有限公司"]);

        using var resident = await app.ClientForAsync(DemoUsers.ResidentSanshundian1);
        await (await resident.GetAsync("/api/organisations", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_import_template_downloads_as_an_xlsx_with_both_sheets()
    {
        using var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        var response = await worker.GetAsync("/api/people/import/template", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using var workbook = CommunityGrid.Infrastructure.Spreadsheets.XlsxReader.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct)));
        workbook.SheetNames.ShouldBe(["导入模板", "填写说明"]);
        workbook.ReadRows("导入模板").First().Cells[0].Text.ShouldBe("房屋编码");
    }
}
