namespace CommunityGrid.Kernel;

/// <summary>志愿活动 types of SPEC.md; each community sets how many points an hour of each earns.</summary>
public enum ActivityType
{
    /// <summary>理论宣讲</summary>
    PolicyTalk = 1,
    /// <summary>爱心帮扶</summary>
    CaringHelp = 2,
    /// <summary>便民服务</summary>
    ConvenienceService = 3,
    /// <summary>政务咨询</summary>
    GovernmentAdvice = 4,
    /// <summary>文化文艺</summary>
    CultureArts = 5,
    /// <summary>防诈骗宣传</summary>
    AntiFraud = 6,
    /// <summary>垃圾分类</summary>
    WasteSorting = 7,
    /// <summary>重阳敬老</summary>
    ElderCare = 8,
    /// <summary>环境整治</summary>
    CleanUp = 9,
    /// <summary>义剪</summary>
    FreeHaircut = 10,
}

public static class ActivityTypes
{
    public static string ChineseName(this ActivityType type) => type switch
    {
        ActivityType.PolicyTalk => "理论宣讲",
        ActivityType.CaringHelp => "爱心帮扶",
        ActivityType.ConvenienceService => "便民服务",
        ActivityType.GovernmentAdvice => "政务咨询",
        ActivityType.CultureArts => "文化文艺",
        ActivityType.AntiFraud => "防诈骗宣传",
        ActivityType.WasteSorting => "垃圾分类",
        ActivityType.ElderCare => "重阳敬老",
        ActivityType.CleanUp => "环境整治",
        ActivityType.FreeHaircut => "义剪",
        _ => type.ToString(),
    };

    public static string EnglishName(this ActivityType type) => type switch
    {
        ActivityType.PolicyTalk => "Policy talk",
        ActivityType.CaringHelp => "Caring help",
        ActivityType.ConvenienceService => "Convenience service",
        ActivityType.GovernmentAdvice => "Government advice",
        ActivityType.CultureArts => "Culture and arts",
        ActivityType.AntiFraud => "Anti-fraud awareness",
        ActivityType.WasteSorting => "Waste sorting",
        ActivityType.ElderCare => "Elder care (Double Ninth)",
        ActivityType.CleanUp => "Environment clean-up",
        ActivityType.FreeHaircut => "Free haircut",
        _ => type.ToString(),
    };
}
