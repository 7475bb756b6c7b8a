using System.Security.Claims;
using Fleet.Server.Access;
using Fleet.Server.Evidence;

namespace Fleet.Server.Tests.Evidence;

/// <summary>The scoping hook and the addressee table, on their own.</summary>
public sealed class EvidenceScopeTests
{
    private static ClaimsPrincipal User(string role, params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "someone"), new Claim(ClaimTypes.Role, role), .. claims.Select(c => new Claim(c.Type, c.Value))], "test"));

    private static readonly EvidenceSubject ShenzhenDelivery = new(EvidenceSubject.Delivery, "ORD-1", "meituan-sz", "440305");

    [Fact]
    public void AnAdminSeesEverythingAndNobodySignedOutSeesAnything()
    {
        var access = new EvidenceAccess();

        Assert.True(access.MayAccess(User(FleetClaims.AdminRole), ShenzhenDelivery));
        Assert.False(access.MayAccess(new ClaimsPrincipal(new ClaimsIdentity()), ShenzhenDelivery));
    }

    [Fact]
    public void ARegulatorSeesOnlySubjectsInTheirRegions()
    {
        var access = new EvidenceAccess();

        Assert.True(access.MayAccess(User(FleetClaims.RegulatorRole, (FleetClaims.Region, "4403")), ShenzhenDelivery));
        Assert.True(access.MayAccess(User(FleetClaims.RegulatorRole, (FleetClaims.Region, "1101"), (FleetClaims.Region, "440305")), ShenzhenDelivery));
        Assert.False(access.MayAccess(User(FleetClaims.RegulatorRole, (FleetClaims.Region, "440304")), ShenzhenDelivery));
        Assert.False(access.MayAccess(User(FleetClaims.RegulatorRole, (FleetClaims.Region, "4403")), ShenzhenDelivery with { Region = null }));
    }

    [Fact]
    public void AFleetManagerSeesOnlyTheirPlatform()
    {
        var access = new EvidenceAccess();

        Assert.True(access.MayAccess(User(FleetClaims.ManagerRole, (FleetClaims.Platform, "meituan-sz")), ShenzhenDelivery));
        Assert.False(access.MayAccess(User(FleetClaims.ManagerRole, (FleetClaims.Platform, "eleme-sz")), ShenzhenDelivery));
        Assert.False(access.MayAccess(User(FleetClaims.ManagerRole, (FleetClaims.Region, "4403")), ShenzhenDelivery));
    }

    [Theory]
    [InlineData("440305", "Nanshan District Administration for Market Regulation, Shenzhen")]
    [InlineData("440399", "Shenzhen Administration for Market Regulation")]
    [InlineData("510104", "County-level market-supervision department for region code 510104")]
    public void AViolationGoesToTheDepartmentOfTheLongestMatchingCode(string region, string department)
    {
        var table = new Dictionary<string, string> { ["440305"] = "Nanshan District Administration for Market Regulation, Shenzhen", ["4403"] = "Shenzhen Administration for Market Regulation" };

        Assert.Equal(department, ViolationAddressee.For("Lao Wang Noodles", region, table).Department);
    }
}
