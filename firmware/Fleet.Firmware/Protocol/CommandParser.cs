using System.Text;

namespace Fleet.Firmware.Protocol
{
    /// <summary>
    /// Parses a command document such as <c>{"cmd":"interval","value":60}</c>. Hand-written,
    /// so the device needs no JSON library: it accepts any whitespace and member order,
    /// skips members it does not know, and never throws on bad input.
    /// </summary>
    public static class CommandParser
    {
        /// <summary>The command that sets the sampling interval.</summary>
        public const string IntervalCommand = "interval";

        /// <summary>The command that sets a compartment's local alarm range.</summary>
        public const string AlarmCommand = "alarm";

        /// <summary>The command that asks for the status, or readings of a device-time range, again.</summary>
        public const string ResendCommand = "resend";

        /// <summary>Widest device-time range one resend may ask for, seconds (one day).</summary>
        public const long MaxResendSpanSeconds = 86400;

        /// <summary>The "n" is not a compartment of the box.</summary>
        public const string UnknownCompartment = "unknown-compartment";

        /// <summary>A resend asked for readings no longer in flash.</summary>
        public const string NotInFlash = "not-in-flash";

        /// <summary>The payload was not a JSON object.</summary>
        public const string Malformed = "malformed";

        /// <summary>The "cmd" is missing or not one the box knows.</summary>
        public const string UnknownCommand = "unknown-command";

        /// <summary>The command needs a "value" and has none.</summary>
        public const string MissingValue = "missing-value";

        /// <summary>The "value" is not a whole number.</summary>
        public const string BadValue = "bad-value";

        /// <summary>The "value" is outside the accepted range.</summary>
        public const string OutOfRange = "out-of-range";

        /// <summary>Parses and validates a UTF-8 command payload.</summary>
        public static CommandResult Parse(byte[] payload)
        {
            if (payload == null || payload.Length == 0)
            {
                return CommandResult.Reject(null, Malformed);
            }

            string text;
            try
            {
                text = Encoding.UTF8.GetString(payload, 0, payload.Length);
            }
            catch (System.Exception)
            {
                return CommandResult.Reject(null, Malformed);
            }

            return Parse(text);
        }

        /// <summary>Parses and validates a command document.</summary>
        public static CommandResult Parse(string json)
        {
            if (json == null)
            {
                return CommandResult.Reject(null, Malformed);
            }

            JsonCursor cursor = new JsonCursor(json);
            string cmd = null;
            string compartment = null;

            // Number members: null when absent or JSON null, "" when present but not a number.
            string value = null;
            string min = null;
            string max = null;
            string from = null;
            string to = null;

            cursor.SkipWhitespace();
            if (!cursor.TryConsume('{'))
            {
                return CommandResult.Reject(null, Malformed);
            }

            cursor.SkipWhitespace();
            if (!cursor.TryConsume('}'))
            {
                while (true)
                {
                    cursor.SkipWhitespace();
                    string name = cursor.ReadString();
                    cursor.SkipWhitespace();
                    if (name == null || !cursor.TryConsume(':'))
                    {
                        return CommandResult.Reject(cmd, Malformed);
                    }

                    cursor.SkipWhitespace();
                    bool ok = true;
                    if (name == "cmd" || name == "n")
                    {
                        string text = cursor.Peek() == '"' ? cursor.ReadString() : null;
                        if (text == null)
                        {
                            ok = cursor.SkipValue();
                            text = string.Empty;
                        }

                        if (name == "cmd")
                        {
                            cmd = text.Length == 0 ? null : text;
                        }
                        else
                        {
                            compartment = text;
                        }
                    }
                    else if (name == "value")
                    {
                        value = ReadNumberMember(cursor, out ok);
                    }
                    else if (name == "min")
                    {
                        min = ReadNumberMember(cursor, out ok);
                    }
                    else if (name == "max")
                    {
                        max = ReadNumberMember(cursor, out ok);
                    }
                    else if (name == "from")
                    {
                        from = ReadNumberMember(cursor, out ok);
                    }
                    else if (name == "to")
                    {
                        to = ReadNumberMember(cursor, out ok);
                    }
                    else
                    {
                        ok = cursor.SkipValue();
                    }

                    if (!ok)
                    {
                        return CommandResult.Reject(cmd, Malformed);
                    }

                    cursor.SkipWhitespace();
                    if (cursor.TryConsume(','))
                    {
                        continue;
                    }

                    if (cursor.TryConsume('}'))
                    {
                        break;
                    }

                    return CommandResult.Reject(cmd, Malformed);
                }
            }

            cursor.SkipWhitespace();
            if (!cursor.AtEnd)
            {
                return CommandResult.Reject(cmd, Malformed);
            }

            if (cmd == IntervalCommand)
            {
                return ParseInterval(cmd, value);
            }

            if (cmd == AlarmCommand)
            {
                return ParseAlarm(cmd, compartment, min, max);
            }

            if (cmd == ResendCommand)
            {
                return ParseResend(cmd, from, to);
            }

            return CommandResult.Reject(cmd, UnknownCommand);
        }

        private static CommandResult ParseInterval(string cmd, string valueToken)
        {
            if (valueToken == null)
            {
                return CommandResult.Reject(cmd, MissingValue);
            }

            int status;
            long value = ParseWholeNumber(valueToken, out status);
            if (status == 1)
            {
                return CommandResult.Reject(cmd, BadValue);
            }

            if (status == 2 || value < ProtocolLimits.MinIntervalSeconds || value > ProtocolLimits.MaxIntervalSeconds)
            {
                return CommandResult.Reject(cmd, OutOfRange);
            }

            return CommandResult.Accept(cmd, (int)value);
        }

        private static CommandResult ParseAlarm(string cmd, string compartment, string min, string max)
        {
            int number = Channels.CompartmentNumber(compartment);
            if (compartment == null || (min == null && max == null))
            {
                return CommandResult.Reject(cmd, MissingValue);
            }

            if (number == 0)
            {
                return CommandResult.Reject(cmd, UnknownCompartment);
            }

            if (min == string.Empty || max == string.Empty)
            {
                return CommandResult.Reject(cmd, BadValue);
            }

            double low;
            double high;
            try
            {
                low = min == null ? 0 : double.Parse(min);
                high = max == null ? 0 : double.Parse(max);
            }
            catch (System.Exception)
            {
                return CommandResult.Reject(cmd, BadValue);
            }

            if ((min != null && !Channels.IsPlausibleCelsius(low)) ||
                (max != null && !Channels.IsPlausibleCelsius(high)) ||
                (min != null && max != null && low >= high))
            {
                return CommandResult.Reject(cmd, OutOfRange);
            }

            return CommandResult.AcceptAlarm(cmd, number, min != null, low, max != null, high);
        }

        private static CommandResult ParseResend(string cmd, string from, string to)
        {
            if (from == null && to == null)
            {
                return CommandResult.AcceptResend(cmd, false, 0, 0);
            }

            if (from == null || to == null)
            {
                return CommandResult.Reject(cmd, MissingValue);
            }

            int fromStatus;
            int toStatus;
            long fromSeconds = ParseWholeNumber(from, out fromStatus);
            long toSeconds = ParseWholeNumber(to, out toStatus);
            if (fromStatus == 1 || toStatus == 1)
            {
                return CommandResult.Reject(cmd, BadValue);
            }

            if (fromStatus == 2 || toStatus == 2 || fromSeconds < ProtocolLimits.EarliestDeviceTimeSeconds ||
                toSeconds < fromSeconds || toSeconds - fromSeconds > MaxResendSpanSeconds)
            {
                return CommandResult.Reject(cmd, OutOfRange);
            }

            return CommandResult.AcceptResend(cmd, true, fromSeconds, toSeconds);
        }

        private static string ReadNumberMember(JsonCursor cursor, out bool ok)
        {
            if (cursor.IsNumberStart())
            {
                string token = cursor.ReadNumberToken();
                ok = token != null;
                return token;
            }

            bool isNull = cursor.Peek() == 'n';
            ok = cursor.SkipValue();
            return isNull ? null : string.Empty;
        }

        // status: 0 ok, 1 not a whole number, 2 too large to matter (out of range).
        private static long ParseWholeNumber(string token, out int status)
        {
            status = 0;
            int i = 0;
            bool negative = false;
            if (i < token.Length && token[i] == '-')
            {
                negative = true;
                i++;
            }

            long value = 0;
            int digits = 0;
            while (i < token.Length && token[i] >= '0' && token[i] <= '9')
            {
                if (digits < 12)
                {
                    value = (value * 10) + (token[i] - '0');
                }
                else
                {
                    status = 2;
                }

                digits++;
                i++;
            }

            if (digits == 0)
            {
                status = 1;
                return 0;
            }

            if (i < token.Length && token[i] == '.')
            {
                i++;
                int fractionDigits = 0;
                while (i < token.Length && token[i] >= '0' && token[i] <= '9')
                {
                    if (token[i] != '0')
                    {
                        status = 1;
                    }

                    fractionDigits++;
                    i++;
                }

                if (fractionDigits == 0)
                {
                    status = 1;
                }
            }

            if (i != token.Length)
            {
                // An exponent or a stray character: not a plain whole number.
                status = 1;
            }

            return negative ? -value : value;
        }
    }
}
