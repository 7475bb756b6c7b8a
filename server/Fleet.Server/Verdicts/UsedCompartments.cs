using Fleet.Firmware.Protocol;
using Fleet.Server.Boxes;
using Fleet.Server.Deliveries;

namespace Fleet.Server.Verdicts;

/// <summary>Which compartments of its box a delivery's food travels in; shared by the verdict and the delivery rules.</summary>
public sealed class UsedCompartments(BoxProfileStore profiles, BoxRegistry registry)
{
    /// <summary>
    /// The compartments the delivery's food travelled in: chilled and raw-or-cold food in the chilled
    /// compartments (the frozen ones when the box has none), frozen food in the frozen ones, hot food in
    /// the hot ones, ambient food in the ambient ones. Kinds as the box declares them, else as its profile says.
    /// </summary>
    public async Task<List<(string Channel, string Kind)>> FindAsync(Delivery delivery, string boxId, CancellationToken cancellationToken)
    {
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        if (await profiles.FindAsync(boxId, cancellationToken).ConfigureAwait(false) is { } profile)
        {
            foreach (var compartment in profile.Compartments)
            {
                kinds[compartment.Channel] = compartment.Capability;
            }
        }

        if (registry.Find(boxId) is { } box)
        {
            foreach (var channel in box.Channels)
            {
                if (channel.Kind != BoxEntry.UnknownKind && channel.Channel != Channels.Ambient)
                {
                    kinds[channel.Channel] = channel.Kind;
                }
            }
        }

        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in delivery.Items)
        {
            switch (item.Category)
            {
                case FoodCategories.Chilled or FoodCategories.RawOrCold:
                    wanted.Add(kinds.ContainsValue(CompartmentKinds.Chilled) ? CompartmentKinds.Chilled : CompartmentKinds.Frozen);
                    break;
                case FoodCategories.Frozen:
                    wanted.Add(CompartmentKinds.Frozen);
                    break;
                case FoodCategories.Hot:
                    wanted.Add(CompartmentKinds.Hot);
                    break;
                default:
                    wanted.Add(CompartmentKinds.Ambient);
                    break;
            }
        }

        var used = new List<(string, string)>();
        foreach (var (channel, kind) in kinds)
        {
            if (wanted.Contains(kind))
            {
                used.Add((channel, kind));
            }
        }

        used.Sort(static (a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return used;
    }
}
