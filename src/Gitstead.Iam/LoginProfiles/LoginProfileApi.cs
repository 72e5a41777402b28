using System.Xml.Linq;
using Gitstead.Aws;
using Gitstead.Iam.Common;
using static Gitstead.Aws.QueryXml;

namespace Gitstead.Iam.LoginProfiles;

/// <summary>
/// Console password operations (botocore <c>iam/2010-05-08</c>): CreateLoginProfile,
/// GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile, ChangePassword, and the account
/// password policy (Get/Update/DeleteAccountPasswordPolicy).
/// </summary>
internal sealed class LoginProfileApi(LoginProfileService profiles, PasswordPolicyService policies)
{
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html
    public async Task<AwsResult> CreateLoginProfileAsync(AwsRequestContext ctx)
    {
        var q = ctx.Query;
        var name = IamArgs.UserName(q);

        // Optional in the model only for AssumeRoot sessions; required in every other case.
        var password = q.RequiredString("Password", 1, 128, IamPatterns.Password);
        var reset = q.Bool("PasswordResetRequired") ?? false;
        var profile = await profiles.CreateAsync(ctx.Call, name, password, reset, ctx.Aborted);
        return AwsResult.Xml(Profile(profile));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetLoginProfile.html
    public async Task<AwsResult> GetLoginProfileAsync(AwsRequestContext ctx)
    {
        var profile = await profiles.GetAsync(ctx.Call, IamArgs.UserName(ctx.Query), ctx.Aborted);
        return AwsResult.Xml(Profile(profile));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateLoginProfile.html
    public async Task<AwsResult> UpdateLoginProfileAsync(AwsRequestContext ctx)
    {
        var q = ctx.Query;
        var name = IamArgs.RequiredUserName(q);
        var password = q.String("Password", 1, 128, IamPatterns.Password);
        var reset = q.Bool("PasswordResetRequired");
        await profiles.UpdateAsync(ctx.Call, name, password, reset, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteLoginProfile.html
    public async Task<AwsResult> DeleteLoginProfileAsync(AwsRequestContext ctx)
    {
        await profiles.DeleteAsync(ctx.Call, IamArgs.UserName(ctx.Query), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ChangePassword.html
    public async Task<AwsResult> ChangePasswordAsync(AwsRequestContext ctx)
    {
        var oldPassword = ctx.Query.RequiredString("OldPassword", 1, 128, IamPatterns.Password);
        var newPassword = ctx.Query.RequiredString("NewPassword", 1, 128, IamPatterns.Password);
        await profiles.ChangePasswordAsync(ctx.Call, oldPassword, newPassword, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountPasswordPolicy.html
    public async Task<AwsResult> GetAccountPasswordPolicyAsync(AwsRequestContext ctx)
    {
        var policy = await policies.GetAsync(ctx.Call, ctx.Aborted);
        return AwsResult.Xml(Policy(policy));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html
    public async Task<AwsResult> UpdateAccountPasswordPolicyAsync(AwsRequestContext ctx)
    {
        var q = ctx.Query;
        var settings = new PasswordPolicyInfo(
            q.Int("MinimumPasswordLength", 6, 128) ?? 6,
            q.Bool("RequireSymbols") ?? false,
            q.Bool("RequireNumbers") ?? false,
            q.Bool("RequireUppercaseCharacters") ?? false,
            q.Bool("RequireLowercaseCharacters") ?? false,
            q.Bool("AllowUsersToChangePassword") ?? false,
            q.Int("MaxPasswordAge", 1, 1095),
            q.Int("PasswordReusePrevention", 1, 24),
            q.Bool("HardExpiry") ?? false);
        await policies.UpdateAsync(ctx.Call, settings, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteAccountPasswordPolicy.html
    public async Task<AwsResult> DeleteAccountPasswordPolicyAsync(AwsRequestContext ctx)
    {
        await policies.DeleteAsync(ctx.Call, ctx.Aborted);
        return AwsResult.Empty;
    }

    private static XElement Profile(LoginProfileInfo profile) => E(
        "LoginProfile",
        E("UserName", profile.UserName),
        E("CreateDate", Date(profile.CreateDate)),
        Bool("PasswordResetRequired", profile.PasswordResetRequired));

    /// <summary>The <c>PasswordPolicy</c> shape.</summary>
    private static XElement Policy(PasswordPolicyInfo p) => E(
        "PasswordPolicy",
        E("MinimumPasswordLength", p.MinimumPasswordLength),
        Bool("RequireSymbols", p.RequireSymbols),
        Bool("RequireNumbers", p.RequireNumbers),
        Bool("RequireUppercaseCharacters", p.RequireUppercaseCharacters),
        Bool("RequireLowercaseCharacters", p.RequireLowercaseCharacters),
        Bool("AllowUsersToChangePassword", p.AllowUsersToChangePassword),
        Bool("ExpirePasswords", p.ExpirePasswords),
        p.MaxPasswordAge is { } age ? E("MaxPasswordAge", age) : null,
        p.PasswordReusePrevention is { } reuse ? E("PasswordReusePrevention", reuse) : null,
        Bool("HardExpiry", p.HardExpiry));
}
