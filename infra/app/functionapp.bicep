// The Functions app on the Flex Consumption plan (FC1, Linux, dotnet-isolated 10.0), running as the user-assigned
// identity. Every connection in the app settings is identity-based: the `__credential`/`__clientId` pairs tell the
// host and the worker to use that identity, and no setting holds a key or a connection string.
// Setting names are the ones in functions/MicroStreams.Functions/Configuration/SettingNames.cs (a test checks).
param planName string
param name string
param location string
param tags object = {}

param identityId string
param identityClientId string

param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param eventHubsFullyQualifiedNamespace string

param eventHubName string
param routerConsumerGroup string
param archiveConsumerGroup string
param deadLetterContainer string
param archiveContainer string
param taskHubName string
param tenantTable string
@description('Optional; an empty value reads as unset.')
param effectGatewayUrl string = ''

param maximumInstanceCount int = 100
param instanceMemoryMB int = 2048
@description('Always-ready instances per trigger group or function, e.g. [ { name: \'http\', instanceCount: 1 } ].')
param alwaysReady array = []

@description('Durable Task Scheduler endpoint; empty keeps the Azure Storage backend.')
param durableTaskSchedulerEndpoint string = ''

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

var appSettings = [
  // Host storage (and the Durable Task hub on the Azure Storage backend): blobs, queues and tables by identity.
  {
    name: 'AzureWebJobsStorage__blobServiceUri'
    value: storage.properties.primaryEndpoints.blob
  }
  {
    name: 'AzureWebJobsStorage__queueServiceUri'
    value: storage.properties.primaryEndpoints.queue
  }
  {
    name: 'AzureWebJobsStorage__tableServiceUri'
    value: storage.properties.primaryEndpoints.table
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identityClientId
  }
  // Event Hubs triggers and producer. A plain `EventHubConnection` setting would take the connection-string path.
  {
    name: 'EventHubConnection__fullyQualifiedNamespace'
    value: eventHubsFullyQualifiedNamespace
  }
  {
    name: 'EventHubConnection__credential'
    value: 'managedidentity'
  }
  {
    name: 'EventHubConnection__clientId'
    value: identityClientId
  }
  {
    name: 'EventHubName'
    value: eventHubName
  }
  {
    name: 'RouterConsumerGroup'
    value: routerConsumerGroup
  }
  {
    name: 'ArchiveConsumerGroup'
    value: archiveConsumerGroup
  }
  {
    name: 'DeadLetterContainer'
    value: deadLetterContainer
  }
  {
    name: 'ArchiveContainer'
    value: archiveContainer
  }
  {
    name: 'TaskHubName'
    value: taskHubName
  }
  {
    name: 'TenantTable'
    value: tenantTable
  }
  {
    name: 'EffectGatewayUrl'
    value: effectGatewayUrl
  }
  // Telemetry with Entra ID: the connection string only locates the resource; local auth is disabled on it.
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: applicationInsights.properties.ConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'ClientId=${identityClientId};Authorization=AAD'
  }
  // For DefaultAzureCredential in the app's own SDK clients (blob dead letters, archive, tables).
  {
    name: 'AZURE_CLIENT_ID'
    value: identityClientId
  }
]

// Switches the Durable backend without editing host.json: AzureFunctionsJobHost__<path> overrides host.json values.
var durableTaskSchedulerSettings = empty(durableTaskSchedulerEndpoint)
  ? []
  : [
      {
        name: 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING'
        value: 'Endpoint=${durableTaskSchedulerEndpoint};Authentication=ManagedIdentity;ClientID=${identityClientId}'
      }
      {
        name: 'AzureFunctionsJobHost__extensions__durableTask__storageProvider__type'
        value: 'azureManaged'
      }
      {
        name: 'AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName'
        value: 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING'
      }
    ]

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': 'api'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      // FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION are not app settings on Flex: the runtime is below.
      appSettings: concat(appSettings, durableTaskSchedulerSettings)
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: alwaysReady
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

output name string = site.name
output uri string = 'https://${site.properties.defaultHostName}'
