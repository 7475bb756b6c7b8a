using Fleet.Firmware.Protocol;
using Fleet.Server.Audit;
using Fleet.Server.Rules;

namespace Fleet.Server.Boxes;

/// <summary>
/// Checks and stores a box's profile and records the change, with before and after, in the audit
/// trail: PUT /api/boxes/{id}/profile and the settings page both save through here.
/// </summary>
public sealed class BoxProfileEditor(BoxProfileStore store, CompartmentRules rules, BoxRegistry registry, AuditTrail audit)
{
    /// <summary>Why <paramref name="compartments"/> cannot be a profile's, or null when they can.</summary>
    public string? Problem(IReadOnlyList<CompartmentCapability> compartments)
    {
        ArgumentNullException.ThrowIfNull(compartments);
        foreach (var compartment in compartments)
        {
            if (!ChannelNameIsValid(compartment.Channel) || !CompartmentKinds.IsKnown(compartment.Capability))
            {
                return $"compartment {compartment.Channel}: channel must be c1…c8 and capability chilled, frozen, hot or ambient";
            }

            if (compartment.Tighter() is { } tighter
                && (rules.For(compartment.Capability) is { } rule ? tighter.Problem(rule.Options) : "an ambient compartment has no temperature limits") is { } problem)
            {
                return $"compartment {compartment.Channel}: {problem}";
            }
        }

        return null;
    }

    /// <summary>Stores <paramref name="profile"/> in <paramref name="actor"/>'s name; the reason, changing nothing, when it is refused.</summary>
    public async Task<string?> SaveAsync(BoxProfile profile, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (Problem(profile.Compartments) is { } problem)
        {
            return problem;
        }

        var before = await store.FindAsync(profile.BoxId, cancellationToken).ConfigureAwait(false);
        await store.SaveAsync(profile, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(AuditEntry.ConfigChanged(actor, new AuditTarget(AuditTarget.BoxProfile, profile.BoxId), before, profile, registry.PlatformOf(profile.BoxId))).ConfigureAwait(false);
        return null;
    }

    internal static bool ChannelNameIsValid(string? channel) =>
        channel is { Length: 2 } && channel[0] == 'c' && channel[1] is >= '1' and <= '8';
}
