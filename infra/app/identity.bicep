// The one user-assigned managed identity the function app runs as. It outlives the app (azd down removes both),
// and its client id goes into every identity-based app setting (`__clientId`).
param name string
param location string
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
