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
            string valueToken = null;
            bool valueIsNumber = false;

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
                    if (name == "cmd")
                    {
                        cmd = cursor.Peek() == '"' ? cursor.ReadString() : null;
                        if (cmd == null && !cursor.SkipValue())
                        {
                            return CommandResult.Reject(null, Malformed);
                        }
                    }
                    else if (name == "value")
                    {
                        valueIsNumber = cursor.IsNumberStart();
                        valueToken = valueIsNumber ? cursor.ReadNumberToken() : null;
                        if (!valueIsNumber)
                        {
                            valueToken = cursor.Peek() == 'n' ? null : string.Empty;
                            if (!cursor.SkipValue())
                            {
                                return CommandResult.Reject(cmd, Malformed);
                            }
                        }
                    }
                    else if (!cursor.SkipValue())
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

            if (cmd != IntervalCommand)
            {
                return CommandResult.Reject(cmd, UnknownCommand);
            }

            if (valueToken == null)
            {
                return CommandResult.Reject(cmd, MissingValue);
            }

            if (!valueIsNumber)
            {
                return CommandResult.Reject(cmd, BadValue);
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
