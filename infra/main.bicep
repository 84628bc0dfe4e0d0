// MicroStreams on Azure Functions (Flex Consumption): everything `azd up` creates.
// Identity-only: no connection strings, account keys or SAS keys anywhere. Storage and Event Hubs have local
// (key) auth disabled, Application Insights accepts Entra ID only, and one user-assigned identity holds the
// data-plane roles the app needs (see app/rbac.bicep).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment. Names the resource group and seeds the unique resource token.')
param environmentName string

@minLength(1)
@description('Primary location for all resources. Flex Consumption is available in a subset of regions.')
param location string

@description('Object id of the user running azd (AZURE_PRINCIPAL_ID). Used only when grantDeployerDataAccess is true.')
param principalId string = ''

@description('Also grant the deploying user the data-plane roles (send and receive events, blobs, queues, tables, scheduler) to inspect data locally.')
param grantDeployerDataAccess bool = false

// ---- Event Hubs --------------------------------------------------------------------------------------------
@description('Event Hubs tier. Basic is not offered: it has no consumer groups besides $Default.')
@allowed([
  'Standard'
  'Premium'
])
param eventHubsSkuName string = 'Standard'

@description('Throughput units (Standard, 1 MB/s in and 2 MB/s out each) or processing units (Premium).')
@minValue(1)
@maxValue(40)
param eventHubsCapacity int = 1

@description('Partitions of the event hub. Fixed at creation on Standard; it bounds the parallelism of the Event Hubs triggers.')
@minValue(1)
@maxValue(32)
param partitionCount int = 8

@description('Days an event stays in the hub (Standard: up to 7; Premium: up to 90).')
@minValue(1)
@maxValue(90)
param messageRetentionInDays int = 1

// ---- Names the app reads. Defaults mirror SettingNames.Defaults in the Functions project; a test checks it. ---
@description('The event hub that holds the log (app setting EventHubName).')
param eventHubName string = 'events'

@description('Consumer group of the Route trigger (app setting RouterConsumerGroup).')
param routerConsumerGroup string = 'router'

@description('Consumer group of the Archive trigger (app setting ArchiveConsumerGroup).')
param archiveConsumerGroup string = 'archive'

@description('Blob container for dead letters (app setting DeadLetterContainer).')
param deadLetterContainer string = 'deadletter'

@description('Blob container for the archive (app setting ArchiveContainer).')
param archiveContainer string = 'archive'

@description('Durable Task hub name (app setting TaskHubName, referenced from host.json as %TaskHubName%).')
param taskHubName string = 'microstreams'

@description('Table of the push tenants\' destinations, edited through /api/tenants (app setting TenantTable).')
param tenantTable string = 'tenants'

@description('Optional gateway that delivers non-webhook effects (email, push); empty leaves such effects to dead-letter.')
param effectGatewayUrl string = ''

// ---- Function app scale ------------------------------------------------------------------------------------
@description('Upper bound on Flex Consumption instances (older samples use a floor of 40; the platform maximum is 1,000).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Always-ready instances, e.g. [ { name: \'http\', instanceCount: 1 } ] or { name: \'durable\', ... }. Empty means scale to zero (no baseline cost).')
param alwaysReady array = []

// ---- Monitoring --------------------------------------------------------------------------------------------
@description('Log Analytics retention in days.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Daily ingestion cap in GB for Log Analytics; -1 means no cap. A cap bounds cost but drops telemetry once reached.')
param logDailyQuotaGb int = -1

// ---- Durable Task backend ----------------------------------------------------------------------------------
@description('Use the Durable Task Scheduler (managed backend) instead of the Azure Storage backend. Needs the Durable Task Scheduler extension in the app.')
param useDurableTaskScheduler bool = false

@description('Durable Task Scheduler SKU, used only when useDurableTaskScheduler is true.')
@allowed([
  'Consumption'
  'Dedicated'
])
param durableTaskSchedulerSkuName string = 'Consumption'

var abbrs = loadJsonContent('./abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var deploymentContainer = 'app-package-${resourceToken}'

resource rg 'Microsoft.Resources/resourceGroups@2021-04-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
    dailyQuotaGb: logDailyQuotaGb
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    containerNames: [
      deploymentContainer
      deadLetterContainer
      archiveContainer
    ]
    tableNames: [
      tenantTable
    ]
  }
}

module eventHubs 'app/eventhubs.bicep' = {
  name: 'eventhubs'
  scope: rg
  params: {
    namespaceName: '${abbrs.eventHubNamespaces}${resourceToken}'
    location: location
    tags: tags
    skuName: eventHubsSkuName
    capacity: eventHubsCapacity
    eventHubName: eventHubName
    partitionCount: partitionCount
    messageRetentionInDays: messageRetentionInDays
    consumerGroupNames: [
      routerConsumerGroup
      archiveConsumerGroup
    ]
  }
}

module durableTaskScheduler 'app/durabletask.bicep' = if (useDurableTaskScheduler) {
  name: 'durabletask'
  scope: rg
  params: {
    name: '${abbrs.durableTaskSchedulers}${resourceToken}'
    location: location
    tags: tags
    skuName: durableTaskSchedulerSkuName
    taskHubName: taskHubName
  }
}

module appRoles 'app/rbac.bicep' = {
  name: 'rbac-app'
  scope: rg
  params: {
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    storageAccountName: storage.outputs.name
    eventHubsNamespaceName: eventHubs.outputs.namespaceName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    durableTaskSchedulerName: useDurableTaskScheduler ? durableTaskScheduler!.outputs.name : ''
  }
}

module deployerRoles 'app/rbac.bicep' = if (grantDeployerDataAccess && !empty(principalId)) {
  name: 'rbac-deployer'
  scope: rg
  params: {
    principalId: principalId
    principalType: 'User'
    storageAccountName: storage.outputs.name
    eventHubsNamespaceName: eventHubs.outputs.namespaceName
    // A user does not publish telemetry: no Monitoring Metrics Publisher.
    applicationInsightsName: ''
    durableTaskSchedulerName: useDurableTaskScheduler ? durableTaskScheduler!.outputs.name : ''
  }
}

module functionApp 'app/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    planName: '${abbrs.webServerFarms}${resourceToken}'
    name: functionAppName
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainer
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    eventHubsFullyQualifiedNamespace: eventHubs.outputs.fullyQualifiedNamespace
    eventHubName: eventHubName
    routerConsumerGroup: routerConsumerGroup
    archiveConsumerGroup: archiveConsumerGroup
    deadLetterContainer: deadLetterContainer
    archiveContainer: archiveContainer
    taskHubName: taskHubName
    tenantTable: tenantTable
    effectGatewayUrl: effectGatewayUrl
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    alwaysReady: alwaysReady
    durableTaskSchedulerEndpoint: useDurableTaskScheduler ? durableTaskScheduler!.outputs.endpoint : ''
  }
  // The host reads storage and Event Hubs with the identity as soon as it starts: grant the roles first.
  dependsOn: [
    appRoles
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output FUNCTION_APP_URL string = functionApp.outputs.uri
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = functionApp.outputs.uri
output AZURE_CLIENT_ID string = identity.outputs.clientId
output EVENT_HUB_NAMESPACE string = eventHubs.outputs.namespaceName
output EVENT_HUB_NAMESPACE_FQDN string = eventHubs.outputs.fullyQualifiedNamespace
output EVENT_HUB_NAME string = eventHubName
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output DURABLE_TASK_SCHEDULER_ENDPOINT string = useDurableTaskScheduler ? durableTaskScheduler!.outputs.endpoint : ''
