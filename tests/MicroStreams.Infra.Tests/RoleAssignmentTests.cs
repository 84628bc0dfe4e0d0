using System.Text.RegularExpressions;

namespace MicroStreams.Infra.Tests;

/// <summary>Role assignments use real built-in roles, the app gets the data roles it needs, and nothing broader.</summary>
public sealed partial class RoleAssignmentTests
{
    private static readonly string[] AppRoles =
    [
        BuiltInRoles.StorageBlobDataOwner,
        BuiltInRoles.StorageQueueDataContributor,
        BuiltInRoles.StorageTableDataContributor,
        BuiltInRoles.EventHubsDataReceiver,
        BuiltInRoles.EventHubsDataSender,
        BuiltInRoles.MonitoringMetricsPublisher,
        BuiltInRoles.DurableTaskDataContributor,
    ];

    [Fact]
    public void EveryGuidInInfra_IsAKnownBuiltInRole()
    {
        var unknown = Infra.AllBicep
            .SelectMany(f => f.Guids.Select(g => (f.RelativePath, Guid: g)))
            .Where(x => !BuiltInRoles.ByGuid.ContainsKey(x.Guid))
            .Select(x => $"{x.Guid} in {x.RelativePath}")
            .ToList();

        Assert.True(unknown.Count == 0, $"Not a known built-in role id: {string.Join("; ", unknown)}");
    }

    [Fact]
    public void Rbac_GrantsEveryRoleTheAppNeeds_AndNoBroaderOne()
    {
        var rbac = BicepFile.Load(Infra.RbacPath);
        var used = Infra.AllBicep.SelectMany(f => f.Guids).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var missing = AppRoles.Where(r => !rbac.Guids.Contains(r, StringComparer.OrdinalIgnoreCase)).Select(r => BuiltInRoles.ByGuid[r]).ToList();
        var tooBroad = used.Where(BuiltInRoles.TooBroad.Contains).Select(r => BuiltInRoles.ByGuid[r]).ToList();

        Assert.True(missing.Count == 0, $"{Infra.RbacPath} does not grant: {string.Join(", ", missing)}");
        Assert.True(tooBroad.Count == 0, $"Broader than least privilege: {string.Join(", ", tooBroad)}");
    }

    [Fact]
    public void RoleAssignments_ReferenceBuiltInDefinitions_ByTypedPrincipal()
    {
        var rbac = BicepFile.Load(Infra.RbacPath);
        var assignments = rbac.Resources.Where(r => r.Type == "Microsoft.Authorization/roleAssignments").ToList();

        Assert.NotEmpty(assignments);
        Assert.Equal(assignments.Count, RoleDefinitionReference().Count(rbac.Code));
        Assert.Equal(assignments.Count, Regex.Count(rbac.Code, @"principalType:\s*principalType"));
        Assert.Equal(assignments.Count, Regex.Count(rbac.Code, @"name:\s*guid\("));
    }

    [Fact]
    public void AppIdentity_GetsRolesAsServicePrincipal_DeployerOnlyWhenAsked()
    {
        var main = Infra.Main;

        Assert.Equal("'ServicePrincipal'", main.ModuleParams("appRoles").GetValueOrDefault("principalType"));
        Assert.Equal("'User'", main.ModuleParams("deployerRoles").GetValueOrDefault("principalType"));
        Assert.Matches(@"module\s+deployerRoles\s+'app/rbac\.bicep'\s*=\s*if\s*\(grantDeployerDataAccess\s*&&\s*!empty\(principalId\)\)", main.Code);
        Assert.Equal("false", main.Params.GetValueOrDefault("grantDeployerDataAccess"));
    }

    [GeneratedRegex(@"roleDefinitionId:\s*subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions',")]
    private static partial Regex RoleDefinitionReference();
}
