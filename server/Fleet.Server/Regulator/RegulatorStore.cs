using System.Globalization;
using System.Text;
using System.Text.Json;
using Fleet.Dashboard.Data;
using Fleet.Server.Access;
using Fleet.Server.Rules;
using Fleet.Server.Storage;
using Microsoft.Data.Sqlite;

namespace Fleet.Server.Regulator;

/// <summary>
/// The regulator's queries as SQL over fleet.db: deliveries with their verdicts, excursions and
/// grouped statistics. Every query is narrowed to the caller's jurisdiction in SQL (a regulator's
/// region prefixes, a manager's platform), never after reading, and to deliveries ordered in the
/// filter's window (index deliveries_by_order_time, schema step 10).
/// </summary>
public sealed class RegulatorStore(FleetDatabase database, TimeProvider time)
{
    /// <summary>The rules whose alerts are temperature excursions.</summary>
    public static readonly string[] TemperatureRules =
        [CompartmentRule.ChilledCode, CompartmentRule.FrozenCode, CompartmentRule.HotCode, WatchCodes.DangerZone, WatchCodes.FoodBeyondLimit];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The SQL expression each grouping groups by (alias d for deliveries).</summary>
    private static readonly Dictionary<string, string> GroupExpressions = new(StringComparer.Ordinal)
    {
        ["platform"] = "ifnull(d.platform, '')",
        ["merchant"] = "d.merchant",
        ["region"] = "ifnull(d.merchant_region, '')",
        ["day"] = "date(d.ordered_at / 1000, 'unixepoch')",
    };

    public static IReadOnlyCollection<string> Groupings => GroupExpressions.Keys;

    public async Task<RegulatorDeliveryPage> DeliveriesAsync(AccessScope scope, RegulatorFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        var where = Where(command, scope, filter);
        command.CommandText = $"SELECT count(*) FROM deliveries d LEFT JOIN delivery_verdicts v ON v.order_id = d.order_id WHERE {where};";
        var total = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);

        command.CommandText = $"""
            SELECT d.order_id, d.platform, d.merchant, d.merchant_region, d.box_id, d.ordered_at, d.handed_over_at,
                   v.compliant, json_extract(v.verdict, '$.reasons'), json_extract(v.verdict, '$.lateByMinutes'),
                   json_extract(v.verdict, '$.processingToHandOverMinutes')
            FROM deliveries d LEFT JOIN delivery_verdicts v ON v.order_id = d.order_id
            WHERE {where}
            ORDER BY d.ordered_at DESC, d.order_id DESC
            LIMIT $limit OFFSET $offset;
            """;
        command.Parameters.AddWithValue("$limit", pageSize);
        command.Parameters.AddWithValue("$offset", (long)(page - 1) * pageSize);
        var items = new List<RegulatorDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(new RegulatorDelivery(
                reader.GetString(0),
                NullableString(reader, 1),
                reader.GetString(2),
                NullableString(reader, 3),
                NullableString(reader, 4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                reader.IsDBNull(7) ? null : reader.GetInt64(7) != 0,
                reader.IsDBNull(8) ? [] : JsonSerializer.Deserialize<string[]>(reader.GetString(8), Json) ?? [],
                reader.IsDBNull(9) ? null : reader.GetDouble(9),
                reader.IsDBNull(10) ? null : reader.GetDouble(10)));
        }

        return new RegulatorDeliveryPage(items, total, page, pageSize);
    }

    /// <summary>
    /// Temperature alerts raised in the window while an order of the filter was in its box (by the
    /// alert's order, or by its box between pickup and hand-over), and the reasons of the filter's
    /// non-compliant verdicts; newest first, at most <paramref name="limit"/>.
    /// </summary>
    public async Task<IReadOnlyList<RegulatorExcursion>> ExcursionsAsync(AccessScope scope, RegulatorFilter filter, int limit, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        var where = Where(command, scope, filter with { Compliant = null });
        var rules = RuleList(command);
        command.CommandText = $"""
            WITH chosen AS (
                SELECT d.order_id, d.platform, d.merchant, d.merchant_region, d.box_id, d.handed_over_at AS handed_at,
                       coalesce(d.picked_up_at, d.assigned_at) AS in_box, coalesce(d.handed_over_at, $now) AS out_of_box
                FROM deliveries d WHERE {where})
            SELECT 'alert', a.raised_at, c.order_id, a.box_id, c.merchant, c.platform, c.merchant_region, a.rule, a.message, a.peak
            FROM chosen c JOIN alerts a ON a.order_id = c.order_id
            WHERE a.rule IN ({rules}) AND a.raised_at >= $from AND a.raised_at < $to
            UNION ALL
            SELECT 'alert', a.raised_at, c.order_id, a.box_id, c.merchant, c.platform, c.merchant_region, a.rule, a.message, a.peak
            FROM chosen c JOIN alerts a ON a.box_id = c.box_id AND a.order_id IS NULL
                AND a.raised_at >= c.in_box AND a.raised_at <= c.out_of_box
            WHERE c.in_box IS NOT NULL AND a.rule IN ({rules}) AND a.raised_at >= $from AND a.raised_at < $to
            UNION ALL
            SELECT 'verdict', c.handed_at, c.order_id, c.box_id, c.merchant, c.platform, c.merchant_region,
                   'non-compliant', r.value, NULL
            FROM chosen c JOIN delivery_verdicts v ON v.order_id = c.order_id AND v.compliant = 0, json_each(v.verdict, '$.reasons') r
            ORDER BY 2 DESC, 3
            LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$limit", limit);
        var result = new List<RegulatorExcursion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1));
            result.Add(new RegulatorExcursion(
                reader.GetString(0), at, reader.GetString(2), NullableString(reader, 3), reader.GetString(4),
                NullableString(reader, 5), NullableString(reader, 6), reader.GetString(7), reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetDouble(9)));
        }

        return result;
    }

    /// <summary>The figures per group (<see cref="Groupings"/>) of the deliveries of the filter, sorted by key.</summary>
    public async Task<IReadOnlyList<RegulatorStatisticsRow>> StatisticsAsync(AccessScope scope, RegulatorFilter filter, string groupBy, CancellationToken cancellationToken)
    {
        var key = GroupExpressions[groupBy];
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        var where = Where(command, scope, filter);
        var rules = RuleList(command);
        command.CommandText = $"""
            WITH chosen AS (
                SELECT {key} AS grp, d.order_id, d.box_id, d.processed_at, d.handed_over_at,
                       coalesce(d.picked_up_at, d.assigned_at) AS in_box, coalesce(d.handed_over_at, $now) AS out_of_box,
                       v.compliant, json_extract(v.verdict, '$.lateByMinutes') AS late_by
                FROM deliveries d LEFT JOIN delivery_verdicts v ON v.order_id = d.order_id
                WHERE {where})
            SELECT grp, count(*),
                   sum(compliant IS NOT NULL),
                   ifnull(sum(compliant = 1), 0),
                   sum((SELECT count(*) FROM alerts a WHERE a.order_id = c.order_id AND a.rule IN ({rules}))
                     + (SELECT count(*) FROM alerts a WHERE c.in_box IS NOT NULL AND a.box_id = c.box_id AND a.order_id IS NULL
                            AND a.raised_at >= c.in_box AND a.raised_at <= c.out_of_box AND a.rule IN ({rules}))),
                   ifnull(sum(late_by > 0), 0),
                   avg(CASE WHEN compliant IS NOT NULL THEN (handed_over_at - processed_at) / 60000.0 END)
            FROM chosen c
            GROUP BY grp
            ORDER BY grp;
            """;
        command.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        var rows = new List<RegulatorStatisticsRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var handedOver = reader.GetInt32(2);
            var compliant = reader.GetInt32(3);
            rows.Add(new RegulatorStatisticsRow(
                reader.IsDBNull(0) ? "" : reader.GetString(0),
                reader.GetInt32(1),
                handedOver,
                compliant,
                handedOver == 0 ? null : Math.Round((double)compliant / handedOver, 4),
                reader.GetInt32(4),
                reader.GetInt32(5),
                reader.IsDBNull(6) ? null : Math.Round(reader.GetDouble(6), 2)));
        }

        return rows;
    }

    /// <summary>The platforms and merchants with deliveries in the caller's jurisdiction, in the window.</summary>
    public async Task<(IReadOnlyList<string> Platforms, IReadOnlyList<string> Merchants)> ChoicesAsync(AccessScope scope, RegulatorFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        var where = Where(command, scope, filter with { Platform = null, Merchant = null, Compliant = null });
        command.CommandText = $"SELECT DISTINCT 'p', d.platform FROM deliveries d WHERE {where} AND d.platform IS NOT NULL UNION SELECT DISTINCT 'm', d.merchant FROM deliveries d WHERE {where} ORDER BY 1, 2;";
        var platforms = new List<string>();
        var merchants = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            (reader.GetString(0) == "p" ? platforms : merchants).Add(reader.GetString(1));
        }

        return (platforms, merchants);
    }

    /// <summary>
    /// The WHERE clause (alias d, verdicts v when joined) for the caller's jurisdiction and the filter,
    /// its values added to <paramref name="command"/> as parameters. Nobody in no role sees anything.
    /// </summary>
    private static string Where(SqliteCommand command, AccessScope scope, RegulatorFilter filter)
    {
        var where = new StringBuilder("d.ordered_at >= $from AND d.ordered_at < $to");
        command.Parameters.AddWithValue("$from", filter.From.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$to", filter.To.ToUnixTimeMilliseconds());
        if (scope.IsAdmin)
        {
            // Everything.
        }
        else if (scope.IsRegulator)
        {
            where.Append(" AND d.merchant_region IS NOT NULL AND (");
            for (var i = 0; i < scope.Regions.Count; i++)
            {
                var name = "$jurisdiction" + i.ToString(CultureInfo.InvariantCulture);
                where.Append(i == 0 ? "" : " OR ").Append(CultureInfo.InvariantCulture, $"substr(d.merchant_region, 1, length({name})) = {name}");
                command.Parameters.AddWithValue(name, scope.Regions[i]);
            }

            where.Append(')');
        }
        else if (scope.IsManager)
        {
            where.Append(" AND d.platform = $own_platform");
            command.Parameters.AddWithValue("$own_platform", scope.Platform);
        }
        else
        {
            where.Append(" AND 0");
        }

        if (filter.Platform is { } platform)
        {
            where.Append(" AND d.platform = $platform");
            command.Parameters.AddWithValue("$platform", platform);
        }

        if (filter.Merchant is { } merchant)
        {
            where.Append(" AND d.merchant = $merchant");
            command.Parameters.AddWithValue("$merchant", merchant);
        }

        if (filter.Region is { } region)
        {
            where.Append(" AND substr(d.merchant_region, 1, length($region)) = $region");
            command.Parameters.AddWithValue("$region", region);
        }

        if (filter.Compliant is { } compliant)
        {
            where.Append(compliant ? " AND v.compliant = 1" : " AND v.compliant = 0");
        }

        return where.ToString();
    }

    private static string RuleList(SqliteCommand command)
    {
        var names = new string[TemperatureRules.Length];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = "$rule" + i.ToString(CultureInfo.InvariantCulture);
            command.Parameters.AddWithValue(names[i], TemperatureRules[i]);
        }

        return string.Join(", ", names);
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
