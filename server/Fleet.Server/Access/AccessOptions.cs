namespace Fleet.Server.Access;

/// <summary>Sign-in and token settings (section "Access").</summary>
public sealed class AccessOptions
{
    public const string Section = "Access";

    /// <summary>Failed sign-ins for one user name within <see cref="FailureWindowMinutes"/> before it is locked out.</summary>
    public int MaxFailuresPerUser { get; set; } = 5;

    /// <summary>Failed sign-ins from one client address within the window before that address is locked out.</summary>
    public int MaxFailuresPerAddress { get; set; } = 20;

    /// <summary>How far back failures count.</summary>
    public double FailureWindowMinutes { get; set; } = 15;

    /// <summary>How long a locked-out user name or address is refused, counted from its last failure.</summary>
    public double LockoutMinutes { get; set; } = 15;

    /// <summary>How long a dashboard sign-in lasts (sliding).</summary>
    public double SessionHours { get; set; } = 8;
}
