using System;
using System.Collections;
using Fleet.Firmware.Protocol;

namespace Fleet.Firmware
{
    /// <summary>What a box is and how it behaves: identity, compartments, sampling and publishing settings.</summary>
    public sealed class BoxConfig
    {
        private readonly ArrayList _compartments = new ArrayList();

        /// <summary>Creates the configuration of box <paramref name="boxId"/> with default settings and no compartments.</summary>
        public BoxConfig(string boxId)
        {
            if (!BoxIdentity.IsValid(boxId))
            {
                throw new ArgumentException("a box id is 1 to 32 characters from A-Z a-z 0-9 - _", "boxId");
            }

            BoxId = boxId;
            FirmwareVersion = "1.0.0";
            IntervalSeconds = 30;
            MaxRecordsPerPack = 60;
            QueueCapacity = 20000;
            PublishTimeoutMs = 30000;
            BackoffBaseMs = 1000;
            BackoffCapMs = 300000;
            AlarmHysteresis = 0.5;
            ClockJumpThresholdMs = 120000;
            MinimumDoseSeconds = 300;
            UvcConfirmTimeoutSeconds = 10;
            MaxResendRecords = 1000;
        }

        /// <summary>The box identity: MQTT client id and SenML base name.</summary>
        public string BoxId { get; private set; }

        /// <summary>Firmware version reported in the status document.</summary>
        public string FirmwareVersion { get; set; }

        /// <summary>Sampling interval at boot, seconds (a command may change it).</summary>
        public int IntervalSeconds { get; set; }

        /// <summary>Most records in one published pack.</summary>
        public int MaxRecordsPerPack { get; set; }

        /// <summary>Records the flash queue holds (used when the firmware creates its own storage).</summary>
        public int QueueCapacity { get; set; }

        /// <summary>How long to wait for a PUBACK before publishing the pack again, device ms.</summary>
        public int PublishTimeoutMs { get; set; }

        /// <summary>Ceiling of the first reconnect delay, ms.</summary>
        public int BackoffBaseMs { get; set; }

        /// <summary>Largest reconnect delay, ms.</summary>
        public int BackoffCapMs { get; set; }

        /// <summary>How far back inside its range a compartment must be before its alarm stops, °C.</summary>
        public double AlarmHysteresis { get; set; }

        /// <summary>A clock change larger than this (after the first sync) is reported as a "clock" "jump:…" event, ms.</summary>
        public long ClockJumpThresholdMs { get; set; }

        /// <summary>Confirmed UV-C time a disinfection cycle needs to be complete, seconds.</summary>
        public int MinimumDoseSeconds { get; set; }

        /// <summary>How long the UV-C lamp may run unconfirmed by the UV sensor before the cycle fails, seconds.</summary>
        public int UvcConfirmTimeoutSeconds { get; set; }

        /// <summary>Most delivered records one "resend" command queues again.</summary>
        public int MaxResendRecords { get; set; }

        /// <summary>Seed of the reconnect jitter; 0 derives one from the box id.</summary>
        public int RandomSeed { get; set; }

        /// <summary>The compartments, in the order they were added.</summary>
        public CompartmentConfig[] Compartments
        {
            get
            {
                CompartmentConfig[] result = new CompartmentConfig[_compartments.Count];
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = (CompartmentConfig)_compartments[i];
                }

                return result;
            }
        }

        /// <summary>Adds compartment <paramref name="number"/> of <paramref name="kind"/> and returns it.</summary>
        public CompartmentConfig AddCompartment(int number, string kind)
        {
            for (int i = 0; i < _compartments.Count; i++)
            {
                if (((CompartmentConfig)_compartments[i]).Number == number)
                {
                    throw new ArgumentException("compartment already configured", "number");
                }
            }

            CompartmentConfig compartment = new CompartmentConfig(number, kind);
            _compartments.Add(compartment);
            return compartment;
        }

        /// <summary>The seed to use: <see cref="RandomSeed"/>, or a hash of the box id when it is 0.</summary>
        public int EffectiveSeed()
        {
            if (RandomSeed != 0)
            {
                return RandomSeed;
            }

            int hash = 17;
            for (int i = 0; i < BoxId.Length; i++)
            {
                hash = unchecked((hash * 31) + BoxId[i]);
            }

            return hash;
        }
    }
}
