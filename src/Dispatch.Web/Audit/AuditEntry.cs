namespace Dispatch.Web.Audit;

/// <summary>
/// One security event: who (a user name, or <see cref="AuditEntry.Anonymous"/>), did what (method and path, or a hub
/// method), with which outcome and why, when (domain clock) and from where. Never a password, token or cookie.
/// </summary>
public sealed record AuditEntry(
    Guid Id, DateTimeOffset At, string User, string Action, AuditOutcome Outcome, AuditReason? Reason, string? Client)
{
    public const string Anonymous = "anonymous";
}

public enum AuditOutcome
{
    SignedIn,
    SignInRefused,
    LockedOut,
    /// <summary>401: no user could be established.</summary>
    Unauthenticated,
    /// <summary>403: a known user asked for what they may not do.</summary>
    Forbidden,
}

public enum AuditReason
{
    NoCredentials,
    Expired,
    NotYetValid,
    BadSignature,
    /// <summary>A token without a signature, or one claiming an algorithm we do not sign with (e.g. <c>alg: none</c>).</summary>
    BadAlgorithm,
    Malformed,
    WrongIssuerOrAudience,
    /// <summary>The sign-in cookie could not be read (altered or from another deployment) or has run out.</summary>
    BadSession,
    AccountDisabled,
    AccountGone,
    /// <summary>The password changed after the token or session was issued.</summary>
    PasswordChanged,
    Role,
    Station,
    Worker,
    /// <summary>A failed sign-in: an unknown name and a wrong password are one reason here too, as in the answer.</summary>
    WrongUserNameOrPassword,
    TooManyFailures,
}
