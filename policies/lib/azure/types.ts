// Pulumi type tokens of the Azure resources the pack reads, for azure-native 3.x and classic azure 6.x
// (policies match on tokens, never on SDK classes).
export const azureTypes = {
    // azure-native
    webApp: "azure-native:web:WebApp",
    webAppSlot: "azure-native:web:WebAppSlot",
    appSettings: "azure-native:web:WebAppApplicationSettings",
    appSettingsSlot: "azure-native:web:WebAppApplicationSettingsSlot",
    connectionStrings: "azure-native:web:WebAppConnectionStrings",
    connectionStringsSlot: "azure-native:web:WebAppConnectionStringsSlot",
    swiftConnection: "azure-native:web:WebAppSwiftVirtualNetworkConnection",
    swiftConnectionSlot: "azure-native:web:WebAppSwiftVirtualNetworkConnectionSlot",
    roleAssignment: "azure-native:authorization:RoleAssignment",
    roleDefinition: "azure-native:authorization:RoleDefinition",
    userAssignedIdentity: "azure-native:managedidentity:UserAssignedIdentity",
    storageBlob: "azure-native:storage:Blob",
    // classic azure
    linuxFunctionApp: "azure:appservice/linuxFunctionApp:LinuxFunctionApp",
    windowsFunctionApp: "azure:appservice/windowsFunctionApp:WindowsFunctionApp",
    linuxFunctionAppSlot: "azure:appservice/linuxFunctionAppSlot:LinuxFunctionAppSlot",
    windowsFunctionAppSlot: "azure:appservice/windowsFunctionAppSlot:WindowsFunctionAppSlot",
    functionApp: "azure:appservice/functionApp:FunctionApp",
    classicSwiftConnection: "azure:appservice/virtualNetworkSwiftConnection:VirtualNetworkSwiftConnection",
    classicSlotSwiftConnection: "azure:appservice/slotVirtualNetworkSwiftConnection:SlotVirtualNetworkSwiftConnection",
    classicAssignment: "azure:authorization/assignment:Assignment",
    classicRoleDefinition: "azure:authorization/roleDefinition:RoleDefinition",
    classicUserAssignedIdentity: "azure:authorization/userAssignedIdentity:UserAssignedIdentity",
    classicStorageBlob: "azure:storage/blob:Blob",
} as const;

/** Blobs, where a deployment package (a zip archive: a callback function app's code) is uploaded. */
export const storageBlobTypes = [azureTypes.storageBlob, azureTypes.classicStorageBlob] as const;

/** Resources that are, or may be (azure-native WebApps, by `kind`), function apps or their slots. */
export const functionAppTypes = [
    azureTypes.webApp, azureTypes.webAppSlot,
    azureTypes.linuxFunctionApp, azureTypes.windowsFunctionApp,
    azureTypes.linuxFunctionAppSlot, azureTypes.windowsFunctionAppSlot,
    azureTypes.functionApp,
] as const;

/** Standalone settings resources (azure-native): their `properties` map holds the settings. */
export const appSettingsTypes = [azureTypes.appSettings, azureTypes.appSettingsSlot] as const;
export const connectionStringsTypes = [azureTypes.connectionStrings, azureTypes.connectionStringsSlot] as const;

export const roleAssignmentTypes = [azureTypes.roleAssignment, azureTypes.classicAssignment] as const;
export const roleDefinitionTypes = [azureTypes.roleDefinition, azureTypes.classicRoleDefinition] as const;
export const userAssignedIdentityTypes = [azureTypes.userAssignedIdentity, azureTypes.classicUserAssignedIdentity] as const;
