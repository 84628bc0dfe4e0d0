// Event Hubs namespace with local (SAS) auth disabled, the one hub that holds the log, and a consumer group per
// trigger so the router and the archive each keep their own checkpoints.
param namespaceName string
param location string
param tags object = {}
@allowed([
  'Standard'
  'Premium'
])
param skuName string = 'Standard'
@description('Throughput units (Standard) or processing units (Premium).')
param capacity int = 1
param eventHubName string
param partitionCount int = 8
param messageRetentionInDays int = 1
param consumerGroupNames array

resource namespace 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuName
    capacity: capacity
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource hub 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: namespace
  name: eventHubName
  properties: {
    partitionCount: partitionCount
    messageRetentionInDays: messageRetentionInDays
  }
}

resource consumerGroups 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2024-01-01' = [
  for groupName in consumerGroupNames: {
    parent: hub
    name: groupName
  }
]

output namespaceName string = namespace.name
output id string = namespace.id
// Public-cloud DNS suffix; sovereign clouds use another (e.g. servicebus.chinacloudapi.cn).
output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'
output eventHubName string = hub.name
