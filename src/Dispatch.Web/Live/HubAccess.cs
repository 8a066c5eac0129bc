using System.Reflection;
using System.Security.Claims;
using Dispatch.Web.Accounts;
using Dispatch.Web.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Dispatch.Web.Live;

/// <summary>
/// The <see cref="DispatchPolicies">policy</see> a caller must meet to call this hub method. A hub method without one is
/// refused to everyone: a new method is closed until someone says who may call it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class HubPolicyAttribute(string policy) : Attribute
{
    public string Policy { get; } = policy;
}

/// <summary>
/// Checks every hub call: the account behind the connection is still good (a connection outlives a disabled account
/// or a reset password otherwise), and the caller meets the method's <see cref="HubPolicyAttribute"/>. A refused call
/// throws a <see cref="HubException"/> the client sees, runs nothing, and goes into the audit trail.
/// </summary>
/// <remarks>Not <c>[Authorize]</c> on the methods: SignalR refuses those before any filter runs, so nothing could audit it.</remarks>
public sealed class HubAccess(AccountService accounts, IAuthorizationService authorization, AuditTrail audit) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var principal = invocation.Context.User ?? new ClaimsPrincipal();
        var userName = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var (account, refused) = await accounts.Recheck(userName, principal.FindFirstValue(AccountClaims.StampClaim));
        if (account is null)
        {
            throw Deny(invocation, AuditOutcome.Unauthenticated, userName, refused!.Value, "Your sign-in is no longer valid: sign in again.");
        }
        if (invocation.HubMethod.GetCustomAttribute<HubPolicyAttribute>() is not { } required
            || !(await authorization.AuthorizeAsync(principal, required.Policy)).Succeeded)
        {
            throw Deny(invocation, AuditOutcome.Forbidden, userName, AuditReason.Role, $"Your role may not call {invocation.HubMethodName}.");
        }
        return await next(invocation);
    }

    private HubException Deny(HubInvocationContext invocation, AuditOutcome outcome, string? userName, AuditReason reason, string message)
    {
        var http = invocation.Context.GetHttpContext();
        audit.Record(outcome, userName, reason, $"hub {invocation.HubMethodName}", http is null ? null : AuditDenials.Client(http));
        return new HubException(message);
    }
}
