// Log Analytics and workspace-based Application Insights. Local (instrumentation key) auth is off, so telemetry is
// accepted only from identities holding Monitoring Metrics Publisher (granted in rbac.bicep).
param logAnalyticsName string
param applicationInsightsName string
param location string
param tags object = {}
param retentionInDays int = 30
@description('Daily ingestion cap in GB; -1 means no cap.')
param dailyQuotaGb int = -1

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    workspaceCapping: {
      dailyQuotaGb: dailyQuotaGb
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: true
  }
}

output applicationInsightsName string = applicationInsights.name
output applicationInsightsId string = applicationInsights.id
output logAnalyticsName string = logAnalytics.name
