// Optional managed backend for Durable Functions: a Durable Task Scheduler and its task hub. Deployed only when
// main.bicep's useDurableTaskScheduler is true. Access is by Entra ID only (Durable Task Data Contributor, rbac.bicep).
param name string
param location string
param tags object = {}
@allowed([
  'Consumption'
  'Dedicated'
])
param skuName string = 'Consumption'
param taskHubName string
@description('Allowed client address ranges. An empty list denies all traffic, so the default allows any address (auth is still Entra ID).')
param ipAllowlist array = [
  '0.0.0.0/0'
]

resource scheduler 'Microsoft.DurableTask/schedulers@2025-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    ipAllowlist: ipAllowlist
    sku: skuName == 'Dedicated'
      ? {
          name: skuName
          capacity: 1
        }
      : {
          name: skuName
        }
  }
}

resource taskHub 'Microsoft.DurableTask/schedulers/taskHubs@2025-11-01' = {
  parent: scheduler
  name: taskHubName
}

output name string = scheduler.name
output endpoint string = scheduler.properties.endpoint
output taskHubName string = taskHub.name
