using System.Globalization;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Open311;
using CommunityGrid.Features.Organisations;
using CommunityGrid.Features.People;
using Microsoft.AspNetCore.Identity;

namespace CommunityGrid.Data.Demo;

/// <summary>Builds the demo city. Deterministic: a fixed random seed and a fixed reference date.</summary>
internal sealed class DemoSeeder(AppDbContext db, TimeProvider clock, IPasswordHasher<AppUser> hasher, ILogger<DemoSeeder> logger)
{
    private const int Seed = 20240601;
    private static readonly DateOnly Today = new(2026, 11, 1);
    private static readonly string[] Numerals = ["一", "二", "三", "四", "五", "六"];

    private readonly Random rng = new(Seed);
    private readonly List<object> added = [];
    private readonly Dictionary<string, Area> areas = new(StringComparer.Ordinal);
    private readonly HashSet<string> reservedHouses = new(StringComparer.Ordinal);
    private readonly HashSet<string> usedIdNumbers = new(StringComparer.Ordinal);
    private string passwordHash = "";
    private DateTime now;
    private int idSequence;

    private sealed record CommunitySpec(string DistrictCode, string StreetCode, string Code, string Name, string Slug, double West, double South);

    private static readonly (string Code, string Name)[] Districts =
        [("150102", "新城区"), ("150103", "回民区"), ("150104", "玉泉区"), ("150105", "赛罕区")];

    private static readonly (string Code, string Name)[] Streets =
    [
        ("150102001", "东街街道"), ("150102002", "海拉尔东路街道"),
        ("150103001", "通道街街道"), ("150103002", "海拉尔西路街道"),
        ("150104001", "兴隆巷街道"), ("150104002", "小召前街街道"),
        ("150105001", "人民路街道"), ("150105002", "大学西路街道"),
    ];

    // Blocks of 0.012° × 0.008° (about 1 km × 0.9 km); none overlap, and each lies inside its district's real
    // outline (wwwroot/lib/echarts/hohhot.geojson; DemoGeometryTests checks it).
    private static readonly CommunitySpec[] Communities =
    [
        new("150102", "150102001", "150102001001", "河西社区", "hexi", 111.672, 40.846),
        new("150102", "150102001", "150102001002", "大东街社区", "dadongjie", 111.688, 40.846),
        new("150103", "150103001", "150103001001", "三顺店社区", "sanshundian", 111.640, 40.822),
        new("150103", "150103001", "150103001002", "义和巷社区", "yihexiang", 111.656, 40.812),
        new("150104", "150104001", "150104001001", "俪城社区", "licheng", 111.655, 40.790),
        new("150104", "150104001", "150104001002", "石羊桥社区", "shiyangqiao", 111.655, 40.780),
        new("150105", "150105001", "150105001001", "仕奇社区", "shiqi", 111.700, 40.805),
        new("150105", "150105001", "150105001002", "昭乌达社区", "zhaowuda", 111.716, 40.805),
    ];

    public const double BlockWidth = 0.012;
    public const double BlockHeight = 0.008;

    public async Task SeedAsync(CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        now = clock.GetUtcNow().UtcDateTime;
        passwordHash = hasher.HashPassword(new AppUser(), DemoData.Password);

        BuildAreas();
        var orgs = BuildOrganisations();
        BuildEstates(orgs);
        BuildAccounts(orgs);
        BuildResidents();
        var built = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        db.AddRange(added);
        await db.SaveInTransactionAsync(ct);
        db.ChangeTracker.Clear();
        await new VolunteerDemo(db, now).SeedAsync(ct);
        await new PointsShopDemo(db, clock).SeedAsync(ct);
        await new IncentiveDemo(db, now, passwordHash).SeedAsync(ct);
        await new LichengAccounts(db, passwordHash).SeedAsync(ct);
        await new GovernanceDemo(db, now, passwordHash).SeedAsync(ct);
        await new ProgrammesDemo(db, now).SeedAsync(ct);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        logger.LogInformation("Demo data seeded: {Rows} rows in {Elapsed} ms (built in {Built} ms)", added.Count, elapsed, built);
    }

    // ---- areas -------------------------------------------------------------------------------

    private void BuildAreas()
    {
        var city = Add(Area.CreateCity("150100", "呼和浩特市"));
        foreach (var (code, name) in Districts)
        {
            Add(Area.CreateUnder(city, code, name));
        }

        foreach (var (code, name) in Streets)
        {
            Add(Area.CreateUnder(areas[code[..6]], code, name));
        }

        foreach (var c in Communities)
        {
            var community = Add(Area.CreateUnder(areas[c.StreetCode], c.Code, c.Name, Rectangle(c.West, c.South, BlockWidth, BlockHeight)));
            var numbers = BuildingNumbers(c);
            for (var g = 0; g < 6; g++)
            {
                var col = g % 3;
                var row = g / 3;
                var cellW = BlockWidth / 3;
                var cellH = BlockHeight / 2;
                var grid = Add(Area.CreateUnder(community, c.Code + (g + 1).ToString("000", CultureInfo.InvariantCulture), $"{c.Name}第{Numerals[g]}网格",
                    Rectangle(c.West + (col * cellW), c.South + ((1 - row) * cellH), cellW, cellH), g));
                for (var b = 0; b < 3; b++)
                {
                    var building = Add(Area.CreateUnder(grid, grid.Code + (b + 1).ToString("000", CultureInfo.InvariantCulture), $"{numbers[(g * 3) + b]}号楼", sortOrder: numbers[(g * 3) + b]));
                    for (var u = 1; u <= 2; u++)
                    {
                        var unit = Add(Area.CreateUnder(building, building.Code + u.ToString("00", CultureInfo.InvariantCulture), $"{u}单元", sortOrder: u));
                        for (var floor = 1; floor <= 3; floor++)
                        {
                            for (var room = 1; room <= 2; room++)
                            {
                                Add(Area.CreateUnder(unit, unit.Code + $"{floor:00}{room:00}", $"{floor}0{room}室", sortOrder: (floor * 10) + room));
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Building numbers of a community by grid; 三顺店社区 grid 1 holds the report's 1, 4 and 9号楼.</summary>
    private static int[] BuildingNumbers(CommunitySpec c)
    {
        var numbers = Enumerable.Range(1, 18).ToList();
        if (c.Slug == "sanshundian")
        {
            int[] first = [1, 4, 9];
            numbers = [.. first, .. numbers.Except(first)];
        }

        return [.. numbers];
    }

    private static string Rectangle(double west, double south, double width, double height)
    {
        static string P(double x, double y) => FormattableString.Invariant($"[{Math.Round(x, 6)},{Math.Round(y, 6)}]");
        var e = west + width;
        var n = south + height;
        return $"{{\"type\":\"Polygon\",\"coordinates\":[[{P(west, south)},{P(e, south)},{P(e, n)},{P(west, n)},{P(west, south)}]]}}";
    }

    private readonly Dictionary<Guid, Area> areasById = [];

    private Area Parent(Area area) => areasById[area.ParentId!.Value];

    private Area Add(Area area)
    {
        areas[area.Code] = area;
        areasById[area.Id] = area;
        added.Add(area);
        return area;
    }

    private Area Community(string slug) => areas[Communities.Single(c => c.Slug == slug).Code];

    private Area Grid(string slug, int n) => areas[Communities.Single(c => c.Slug == slug).Code + n.ToString("000", CultureInfo.InvariantCulture)];

    /// <summary>House by grid, building (1–3 within the grid), unit, floor and room.</summary>
    private Area House(Area grid, int building, int unit, int floor, int room) =>
        areas[$"{grid.Code}{building:000}{unit:00}{floor:00}{room:00}"];

    private IEnumerable<Area> Children(Area parent) => areas.Values.Where(a => a.ParentId == parent.Id).OrderBy(a => a.Code, StringComparer.Ordinal);

    // ---- organisations and estates ----------------------------------------------------------

    private Dictionary<string, Organisation> BuildOrganisations()
    {
        var orgs = new Dictionary<string, Organisation>(StringComparer.Ordinal);
        Organisation Org(string key, OrganisationKind kind, string name, Area area, string? contact = null, string? phone = null, string? address = null)
        {
            var centre = Centre(area);
            var o = Organisation.Register(kind, name, area, contact, phone, address, centre.Lat, centre.Lng);
            orgs[key] = o;
            added.Add(o);
            return o;
        }

        foreach (var c in Communities)
        {
            Org($"station:{c.Slug}", OrganisationKind.RedPropertyServiceStation, $"{c.Name}红色物业服务站", areas[c.Code], "站长", Phone());
        }

        foreach (var (code, name) in Streets.Where(s => Communities.Any(c => c.StreetCode == s.Code)))
        {
            Org($"centre:{code}", OrganisationKind.RedPropertyServiceCentre, $"{name}红色物业服务中心", areas[code], "主任", Phone());
        }

        Org("property:xincheng", OrganisationKind.PropertyCompany, "鑫诚物业服务有限公司", Community("sanshundian"), "赵经理", "13947101234", "回民区通道街");
        Org("property:shiqi", OrganisationKind.PropertyCompany, "仕奇物业服务有限公司", Community("shiqi"), "周经理", Phone());
        Org("property:licheng", OrganisationKind.PropertyCompany, "俪城物业管理有限公司", Community("licheng"), "吴经理", Phone());
        Org("committee:hexi", OrganisationKind.OwnersCommittee, "河西小区业主委员会", Community("hexi"), "郑主任", Phone());
        Org("merchant:hexi-haircut", OrganisationKind.Merchant, "河西爱心理发店", Community("hexi"), "孙师傅", "13804710001", "新城区东街河西路12号");
        Org("merchant:hexi-repair", OrganisationKind.Merchant, "河西便民维修部", Community("hexi"), "钱师傅", Phone(), "新城区东街河西路20号");
        Org("merchant:licheng-haircut", OrganisationKind.Merchant, "俪城5元剪发店", Community("licheng"), "冯师傅", Phone(), "玉泉区石羊桥南路");
        Org("station:licheng-redbee", OrganisationKind.Station, "俪城社区红蜂驿站", Community("licheng"), "驿站管理员", Phone(), "玉泉区石羊桥南路俪城商业综合体");
        Org("employer:hospital", OrganisationKind.EmployerUnit, "赛罕区人民医院", areas["150105"], "党办", Phone());
        Org("employer:sf", OrganisationKind.EmployerUnit, "济民巷顺丰速运营业点", Community("licheng"), "站长", Phone());
        foreach (var (key, name) in new[] { ("social:shegongbao", "社工宝"), ("social:liuliu", "溜溜时光环保社会实践社团"), ("social:qingying", "青影协融媒体"), ("social:muxin", "沐馨社工站") })
        {
            Org(key, OrganisationKind.SocialOrganisation, name, Community("shiqi"));
        }

        return orgs;
    }

    private void BuildEstates(Dictionary<string, Organisation> orgs)
    {
        void Estate(string name, string slug, EstateManagement management, Organisation manager, IEnumerable<int> grids)
        {
            var estate = Features.Organisations.Estate.Create(name, Community(slug), management, manager);
            added.Add(estate);
            foreach (var g in grids)
            {
                foreach (var building in Children(Grid(slug, g)))
                {
                    building.AssignEstate(estate.Id);
                }
            }
        }

        Estate("顺达小区", "sanshundian", EstateManagement.PropertyCompany, orgs["property:xincheng"], [1, 2, 5, 6]);
        Estate("景观小区", "sanshundian", EstateManagement.CommunityManaged, orgs["station:sanshundian"], [3, 4]);
        Estate("仕奇苑", "shiqi", EstateManagement.PropertyCompany, orgs["property:shiqi"], [1, 2, 3, 4, 5, 6]);
        Estate("河西小区", "hexi", EstateManagement.OwnersCommittee, orgs["committee:hexi"], [1, 2, 3]);
        Estate("俪城花园", "licheng", EstateManagement.PropertyCompany, orgs["property:licheng"], [1, 2, 3, 4, 5, 6]);
    }

    private static (double Lat, double Lng) Centre(Area area)
    {
        var code = area.Code;
        var c = Communities.FirstOrDefault(x => code.StartsWith(x.Code, StringComparison.Ordinal))
            ?? Communities.First(x => x.Code.StartsWith(code, StringComparison.Ordinal));
        return (c.South + (BlockHeight / 2), c.West + (BlockWidth / 2));
    }

    // ---- accounts ------------------------------------------------------------------------------

    private void BuildAccounts(Dictionary<string, Organisation> orgs)
    {
        Account("admin", "市级管理员", "04716900000", Role.CityAdmin, areas["150100"], "市网格化服务管理中心");
        Account("district.saihan", "赛罕区管理员", "04714900000", Role.DistrictAdmin, areas["150105"], "区网格中心");
        Account("street.renminlu", "人民路街道管理员", "04714901000", Role.StreetAdmin, areas["150105001"], "街道网格站");
        Account("community.shiqi", "高晓燕", "13904710101", Role.CommunityAdmin, Community("shiqi"), "社区书记");
        Account("community.sanshundian", "马立新", "13904710102", Role.CommunityAdmin, Community("sanshundian"), "社区书记");
        Account("community.licheng", "杨晨", "13904710103", Role.CommunityAdmin, Community("licheng"), "社区副书记");
        Account("community.hexi", "曹敏", "13904710104", Role.CommunityAdmin, Community("hexi"), "新时代文明实践站副站长");
        Account("grid.shiqi.01", "刘芳", "13904711001", Role.GridChief, Grid("shiqi", 1), "网格长");
        Account("grid.shiqi.02", "王磊", "13904711002", Role.GridWorker, Grid("shiqi", 2), "专职网格员");
        Account("grid.sanshundian.01", "李娜", "13904712001", Role.GridChief, Grid("sanshundian", 1), "网格长");
        Account("building.shiqi.01", "张建国", "13904713001", Role.BuildingHead, Children(Grid("shiqi", 1)).First(), "楼栋长");
        Account("merchant.hexi.01", "孙师傅", "13804710001", Role.Merchant, Community("hexi"), "河西爱心理发店", organisation: orgs["merchant:hexi-haircut"]);
        Account("property.sanshundian.01", "赵经理", "13947101234", Role.PropertyStaff, Community("sanshundian"), "鑫诚物业", organisation: orgs["property:xincheng"]);
        added.Add(Open311Client.WithKey("演示 311 客户端 (demo 311 client)", DemoData.Open311Key, "admin", now));

        // Every other grid gets a grid chief so each public board has a name on it.
        foreach (var grid in areas.Values.Where(a => a.Level == AreaLevel.Grid))
        {
            if (grid == Grid("shiqi", 1) || grid == Grid("sanshundian", 1))
            {
                continue;
            }

            Account($"gridchief.{grid.Code}", GivenFullName(), Phone(), Role.GridChief, grid, "网格长");
        }

        // Accounts of residents: their own records at reserved houses.
        var shiqi1 = Grid("shiqi", 1);
        PersonAccount("resident.shiqi.01", House(shiqi1, 1, 1, 1, 1), "陈桂兰", Gender.Female, new DateOnly(1958, 3, 12), Role.Resident, PartyStatus.None);
        PersonAccount("resident.shiqi.02", House(Grid("shiqi", 2), 1, 1, 1, 1), "黄志强", Gender.Male, new DateOnly(1979, 7, 5), Role.Resident, PartyStatus.None);
        PersonAccount("resident.sanshundian.01", House(Grid("sanshundian", 1), 3, 1, 2, 1), "王秀珍", Gender.Female, new DateOnly(1962, 10, 2), Role.Resident, PartyStatus.None);
        var hexiElder = PersonAccount("resident.hexi.01", House(Grid("hexi", 1), 1, 1, 1, 1), "白玉兰", Gender.Female, new DateOnly(1941, 5, 20), Role.Resident, PartyStatus.None);
        PersonAccount("party.shiqi.01", House(shiqi1, 2, 1, 2, 1), "郭红梅", Gender.Female, new DateOnly(1980, 4, 18), Role.PartyMember, PartyStatus.InService, "在职党员（赛罕区人民医院）");
        PersonAccount("party.shiqi.02", House(shiqi1, 2, 2, 3, 2), "何振华", Gender.Male, new DateOnly(1955, 9, 9), Role.PartyMember, PartyStatus.OnRoll, "在册党员");
        PersonAccount("volunteer.shiqi.01", House(shiqi1, 3, 1, 1, 2), "田静", Gender.Female, new DateOnly(1986, 12, 1), Role.Volunteer, PartyStatus.None, "巾帼宜家志愿服务队");
        PersonAccount("rider.licheng.01", House(Grid("licheng", 1), 1, 2, 3, 1), "李小龙", Gender.Male, new DateOnly(1998, 6, 15), Role.Rider, PartyStatus.None, "红蜂团", grantArea: Community("licheng"));

        // 白玉兰 is 85 and lives alone: tagged by the grid chief's household survey.
        var hexiChief = $"gridchief.{Grid("hexi", 1).Code}";
        var survey = HouseholdSurvey.Record(hexiElder.Household, users[hexiChief].Id, users[hexiChief].DisplayName, now, "入户调研：独居，子女在外地，行动较慢，需定期探访。");
        added.Add(survey);
        added.Add(CareTagRecord.Set(hexiElder.Person, survey, CareTags.LivingAlone | CareTags.Elderly80Plus, "独居空巢，年满八十周岁"));
    }

    private readonly Dictionary<string, AppUser> users = new(StringComparer.Ordinal);

    private AppUser Account(string userName, string displayName, string phone, Role role, Area area, string? title, Organisation? organisation = null, Guid? personId = null)
    {
        var user = new AppUser
        {
            UserName = userName,
            NormalizedUserName = userName.ToUpperInvariant(),
            DisplayName = displayName,
            PhoneNumber = phone,
            PasswordHash = passwordHash,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            LockoutEnabled = true,
            OrganisationId = organisation?.Id,
            PersonId = personId,
        };
        users[userName] = user;
        added.Add(user);
        added.Add(RoleAssignment.Grant(user.Id, role, area, title));
        return user;
    }

    private (Person Person, Household Household) PersonAccount(string userName, Area house, string name, Gender gender, DateOnly birth, Role role, PartyStatus party, string? title = null, Area? grantArea = null)
    {
        reservedHouses.Add(house.Code);
        var household = Household.At(house, AddressOf(house), now);
        var person = Person.Register(name, gender, birth, IdNumber(house.DistrictCode, birth, gender), MobilePhone(), house, household.Id, now);
        person.JoinParty(party);
        person.SetRelationToHead("户主");
        household.SetHead(person.Id);
        added.Add(household);
        added.Add(person);
        Account(userName, name, person.Phone!, role, grantArea ?? (role == Role.Resident ? house : GridOf(house)), title, personId: person.Id);
        return (person, household);
    }

    private Area GridOf(Area node)
    {
        var current = node;
        while (current.Level != AreaLevel.Grid)
        {
            current = Parent(current);
        }

        return current;
    }

    // ---- residents -----------------------------------------------------------------------------

    private void BuildResidents()
    {
        var houses = areas.Values.Where(a => a.Level == AreaLevel.House && !reservedHouses.Contains(a.Code)).OrderBy(a => a.Code, StringComparer.Ordinal).ToList();
        var chiefsByGrid = users.Values
            .Join(added.OfType<RoleAssignment>().Where(r => r.Role == Role.GridChief), u => u.Id, r => r.UserId, (u, r) => (u, r))
            .ToDictionary(x => x.r.AreaId, x => x.u);
        foreach (var house in houses)
        {
            if (rng.NextDouble() > 0.55)
            {
                continue;
            }

            var household = Household.At(house, AddressOf(house), now);
            added.Add(household);
            var size = Pick((1, 20), (2, 35), (3, 30), (4, 15));
            var surname = Surname();
            var headAge = size == 1 ? rng.Next(25, 92) : rng.Next(30, 80);
            var headGender = rng.Next(2) == 0 ? Gender.Male : Gender.Female;
            var members = new List<(Person Person, int Age)>();
            var head = NewPerson(surname, headGender, headAge, house, household, "户主");
            household.SetHead(head.Id);
            members.Add((head, headAge));
            if (size >= 2)
            {
                var spouseAge = Math.Clamp(headAge + rng.Next(-4, 5), 22, 95);
                members.Add((NewPerson(Surname(), headGender == Gender.Male ? Gender.Female : Gender.Male, spouseAge, house, household, "配偶"), spouseAge));
            }

            for (var i = 2; i < size; i++)
            {
                var childAge = Math.Max(1, headAge - rng.Next(22, 34));
                members.Add((NewPerson(surname, rng.Next(2) == 0 ? Gender.Male : Gender.Female, childAge, house, household, "子女"), childAge));
            }

            SurveyCareTags(household, members, size, chiefsByGrid[GridOf(house).Id]);
        }
    }

    private void SurveyCareTags(Household household, List<(Person Person, int Age)> members, int size, AppUser surveyor)
    {
        HouseholdSurvey? survey = null;
        foreach (var (person, age) in members)
        {
            var tags = CareTags.None;
            var reasons = new List<string>();
            if (age >= 80)
            {
                tags |= CareTags.Elderly80Plus;
                reasons.Add("年满八十周岁");
            }

            if (size == 1 && age >= 60)
            {
                tags |= CareTags.LivingAlone;
                reasons.Add("独居老人");
            }

            if (rng.NextDouble() < 0.02)
            {
                tags |= CareTags.Disabled;
                reasons.Add("持残疾人证");
            }

            if (rng.NextDouble() < 0.03)
            {
                tags |= CareTags.Hardship;
                reasons.Add("享受低保");
            }

            if (age < 16 && rng.NextDouble() < 0.05)
            {
                tags |= CareTags.LeftBehindChild;
                reasons.Add("父母在外务工");
            }

            if (tags == CareTags.None)
            {
                continue;
            }

            survey ??= HouseholdSurvey.Record(household, surveyor.Id, surveyor.DisplayName, now, "入户调研：核实家庭成员与关爱需求。");
            added.Add(CareTagRecord.Set(person, survey, tags, string.Join("，", reasons)));
        }

        if (survey is not null)
        {
            added.Add(survey);
        }
    }

    private Person NewPerson(string surname, Gender gender, int age, Area house, Household household, string relation)
    {
        var birth = Today.AddYears(-age).AddDays(-rng.Next(0, 365));
        var name = surname + GivenName(gender);
        var person = Person.Register(name, gender, birth, IdNumber(house.DistrictCode, birth, gender), age >= 12 ? MobilePhone() : null, house, household.Id, now);
        person.SetRelationToHead(relation);
        if (age >= 18 && rng.NextDouble() < 0.07)
        {
            person.JoinParty(rng.Next(2) == 0 ? PartyStatus.OnRoll : PartyStatus.InService);
        }

        added.Add(person);
        return person;
    }

    private string AddressOf(Area house)
    {
        var unit = Parent(house);
        var building = Parent(unit);
        var grid = Parent(building);
        var community = Parent(grid);
        return $"{community.Name}{building.Name}{unit.Name}{house.Name}";
    }

    // ---- deterministic names and numbers --------------------------------------------------------

    private static readonly string[] Surnames =
        ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
         "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "程", "曹", "袁", "邓", "许", "沈", "曾", "彭", "吕", "苏", "卢",
         "蒋", "蔡", "贾", "丁", "魏", "薛", "叶", "阎", "潘", "杜", "田", "任", "姜", "范", "方", "石", "姚", "白", "康", "乔", "云", "武"];

    private static readonly string[] MaleChars = ["伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波", "宁", "建", "国", "志", "文", "海", "东", "林"];
    private static readonly string[] FemaleChars = ["芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "玲", "桂", "英", "华", "红", "梅", "琳", "燕", "萍", "雪", "慧", "兰", "婷", "洁", "颖", "倩", "云"];
    // Hohhot is home to many Mongolian families; their names are given names alone.
    private static readonly string[] MongolianMale = ["巴特尔", "额尔敦", "朝鲁", "巴图", "孟和", "苏和"];
    private static readonly string[] MongolianFemale = ["其其格", "乌云", "苏日娜", "图雅", "萨仁", "娜仁"];

    private string Surname() => Surnames[rng.Next(Surnames.Length)];

    private string GivenName(Gender gender)
    {
        var chars = gender == Gender.Male ? MaleChars : FemaleChars;
        return rng.Next(3) == 0 ? chars[rng.Next(chars.Length)] : chars[rng.Next(chars.Length)] + chars[rng.Next(chars.Length)];
    }

    private string GivenFullName()
    {
        var gender = rng.Next(2) == 0 ? Gender.Male : Gender.Female;
        if (rng.Next(8) == 0)
        {
            var names = gender == Gender.Male ? MongolianMale : MongolianFemale;
            return names[rng.Next(names.Length)];
        }

        return Surname() + GivenName(gender);
    }

    private string IdNumber(string districtCode, DateOnly birth, Gender gender)
    {
        while (true)
        {
            var seq = (++idSequence * 7 % 997) + 1;
            var sequence = seq % 2 == (gender == Gender.Male ? 1 : 0) ? seq : seq + 1;
            var id = IdNumbers.WithCheckDigit($"{districtCode}{birth:yyyyMMdd}{sequence % 1000:000}");
            if (usedIdNumbers.Add(id))
            {
                return id;
            }
        }
    }

    private string MobilePhone() => $"1{Pick((3, 40), (5, 30), (8, 30))}{rng.Next(0, 10)}{rng.Next(0, 100_000_000):00000000}";

    private string Phone() => $"0471{rng.Next(2_000_000, 7_000_000)}";

    private int Pick(params (int Value, int Weight)[] choices)
    {
        var roll = rng.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if (roll < weight)
            {
                return value;
            }

            roll -= weight;
        }

        return choices[^1].Value;
    }
}
