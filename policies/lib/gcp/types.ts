// Pulumi type tokens of the Google Cloud resources the pack reads (checked against @pulumi/gcp 9.x).
export const gcpTypes = {
    runService: "gcp:cloudrun/service:Service",
    runV2Service: "gcp:cloudrunv2/service:Service",
    runV2Job: "gcp:cloudrunv2/job:Job",
    functionV1: "gcp:cloudfunctions/function:Function",
    functionV2: "gcp:cloudfunctionsv2/function:Function",
    serviceAccount: "gcp:serviceaccount/account:Account",
    /** Where a function's source archive is uploaded (Cloud Functions' sourceArchiveObject, storageSource). */
    bucketObject: "gcp:storage/bucketObject:BucketObject",

    projectIamMember: "gcp:projects/iAMMember:IAMMember",
    projectIamBinding: "gcp:projects/iAMBinding:IAMBinding",
    projectIamPolicy: "gcp:projects/iAMPolicy:IAMPolicy",
    folderIamMember: "gcp:folder/iAMMember:IAMMember",
    folderIamBinding: "gcp:folder/iAMBinding:IAMBinding",
    folderIamPolicy: "gcp:folder/iAMPolicy:IAMPolicy",
    organizationIamMember: "gcp:organizations/iAMMember:IAMMember",
    organizationIamBinding: "gcp:organizations/iAMBinding:IAMBinding",
    organizationIamPolicy: "gcp:organizations/iAMPolicy:IAMPolicy",

    runIamMember: "gcp:cloudrun/iamMember:IamMember",
    runIamBinding: "gcp:cloudrun/iamBinding:IamBinding",
    runIamPolicy: "gcp:cloudrun/iamPolicy:IamPolicy",
    runV2ServiceIamMember: "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
    runV2ServiceIamBinding: "gcp:cloudrunv2/serviceIamBinding:ServiceIamBinding",
    runV2ServiceIamPolicy: "gcp:cloudrunv2/serviceIamPolicy:ServiceIamPolicy",
    runV2JobIamMember: "gcp:cloudrunv2/jobIamMember:JobIamMember",
    runV2JobIamBinding: "gcp:cloudrunv2/jobIamBinding:JobIamBinding",
    runV2JobIamPolicy: "gcp:cloudrunv2/jobIamPolicy:JobIamPolicy",
    functionIamMember: "gcp:cloudfunctions/functionIamMember:FunctionIamMember",
    functionIamBinding: "gcp:cloudfunctions/functionIamBinding:FunctionIamBinding",
    functionIamPolicy: "gcp:cloudfunctions/functionIamPolicy:FunctionIamPolicy",
    functionV2IamMember: "gcp:cloudfunctionsv2/functionIamMember:FunctionIamMember",
    functionV2IamBinding: "gcp:cloudfunctionsv2/functionIamBinding:FunctionIamBinding",
    functionV2IamPolicy: "gcp:cloudfunctionsv2/functionIamPolicy:FunctionIamPolicy",
} as const;

/** Cloud Run services and jobs and Cloud Functions, every generation. */
export const workloadTypes = [
    gcpTypes.runService, gcpTypes.runV2Service, gcpTypes.runV2Job, gcpTypes.functionV1, gcpTypes.functionV2,
] as const;
