using CommunityGrid.Features.People;

namespace CommunityGrid.Tests.People;

public sealed class SensitiveTextTests
{
    [Theory]
    [InlineData("联系我 13911116666", "联系我 139****6666")]
    [InlineData("电话+8613911116666谢谢", "电话139****6666谢谢")]
    [InlineData("电话 +86 139 1111 6666", "电话 139****6666")]
    [InlineData("0086-13911116666", "139****6666")]
    [InlineData("８６１３９１１１１６６６６", "139****6666")]
    [InlineData("手机１３９１１１１６６６６", "手机139****6666")]
    [InlineData("139 1111 4444", "139****4444")]
    [InlineData("139-1111-5555", "139****5555")]
    [InlineData("139.1111.5555 找我", "139****5555 找我")]
    [InlineData("座机 0471-6543210", "座机 047****3210")]
    [InlineData("身份证150105199001019300", "身份证150105********9300")]
    [InlineData("身份证 150105 19900101 930X", "身份证 150105********930X")]
    [InlineData("身份证 1501 0519 9001 0193 0x", "身份证 150105********930X")]
    [InlineData("邮箱 zhangsan@example.com 或 li.si+311@mail.example.org", "邮箱 z***@example.com 或 l***@mail.example.org")]
    [InlineData("写信到zhang＠example.com", "写信到z***＠example.com")]
    public void Numbers_and_addresses_are_masked_wherever_they_stand(string text, string masked) =>
        SensitiveText.Mask(text).ShouldBe(masked);

    [Theory]
    [InlineData("厨房下水堵了两天")]
    [InlineData("3号楼2单元楼道灯不亮，已经3天")]
    [InlineData("工单 GD20261201-0001 重复")]
    [InlineData("2026-12-01 09:30 发现")]
    [InlineData("影响约120户居民")]
    public void Ordinary_text_is_left_as_written(string text) =>
        SensitiveText.Mask(text).ShouldBe(text);

    [Fact]
    public void Nothing_stays_nothing()
    {
        SensitiveText.Mask(null).ShouldBeNull();
        SensitiveText.Mask("").ShouldBe("");
    }
}
