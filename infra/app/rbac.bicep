// Least-privilege data-plane roles for one principal (the app's identity, or optionally the deploying user).
// Role ids are the built-in role definition GUIDs, identical in every Azure cloud; a test checks each against a
// table of real built-in roles (tests/MicroStreams.Infra.Tests/BuiltInRoles.cs).
param principalId string
@allowed([
  'ServicePrincipal'
  'User'
])
param principalType string
param storageAccountName string
param eventHubsNamespaceName string
@description('Application Insights to grant Monitoring Metrics Publisher on; empty to skip.')
param applicationInsightsName string = ''
@description('Durable Task Scheduler to grant Durable Task Data Contributor on; empty to skip.')
param durableTaskSchedulerName string = ''

var roles = {
  // Host storage needs blob leases and container management (and the Flex deployment package lives here),
  // which the Contributor role does not cover for AzureWebJobsStorage with an identity.
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // Durable Task (Azure Storage backend) control and work-item queues.
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  // Durable Task history and instances tables; the projections feature writes tables too.
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  // Event Hubs triggers (router, archive) and replay readers.
  eventHubsDataReceiver: 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde'
  // The ingest endpoint and effects publish to the hub.
  eventHubsDataSender: '2b629674-e913-4c01-ae53-ef4638d8f975'
  // Telemetry into Application Insights with local auth disabled.
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  // Orchestrations and entities on the Durable Task Scheduler (only when that backend is chosen).
  durableTaskDataContributor: '0ad04412-c4d5-4796-b79c-f76d14c8d402'
}

var storageRoles = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

var eventHubsRoles = [
  roles.eventHubsDataReceiver
  roles.eventHubsDataSender
]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource eventHubsNamespace 'Microsoft.EventHub/namespaces@2024-01-01' existing = {
  name: eventHubsNamespaceName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = if (!empty(applicationInsightsName)) {
  name: applicationInsightsName
}

resource scheduler 'Microsoft.DurableTask/schedulers@2025-11-01' existing = if (!empty(durableTaskSchedulerName)) {
  name: durableTaskSchedulerName
}

resource storageAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in storageRoles: {
    name: guid(storage.id, principalId, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: principalId
      principalType: principalType
    }
  }
]

resource eventHubsAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in eventHubsRoles: {
    name: guid(eventHubsNamespace.id, principalId, roleId)
    scope: eventHubsNamespace
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: principalId
      principalType: principalType
    }
  }
]

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(applicationInsightsName)) {
  name: guid(applicationInsights.id, principalId, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: principalId
    principalType: principalType
  }
}

resource durableTaskContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(durableTaskSchedulerName)) {
  name: guid(scheduler.id, principalId, roles.durableTaskDataContributor)
  scope: scheduler
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.durableTaskDataContributor)
    principalId: principalId
    principalType: principalType
  }
}
