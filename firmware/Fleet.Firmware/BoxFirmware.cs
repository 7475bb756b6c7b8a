using System;
using Fleet.Firmware.Alarm;
using Fleet.Firmware.Connectivity;
using Fleet.Firmware.Disinfection;
using Fleet.Firmware.Hardware;
using Fleet.Firmware.Protocol;
using Fleet.Firmware.Queue;
using Fleet.Firmware.Sampling;

namespace Fleet.Firmware
{
    /// <summary>
    /// The device's main loop as a step: the ESP32 program (and the simulator) call <see cref="Step"/>
    /// over and over on one thread, and feed acknowledgements, connection losses and commands back
    /// through the On… methods on that same thread. Each step samples when due, runs the local alarm,
    /// watches the lid, keeps the MQTT session up with back-off, and publishes the oldest queued pack.
    /// Readings leave the queue only when their PUBACK arrives, so nothing is lost to an outage;
    /// a pack whose PUBACK never comes is sent again (the server stores a reading once).
    /// Scheduling and timeouts run on the time since boot; readings carry device time, and until the
    /// clock first syncs they are timed from boot and re-stamped at the sync, never published unsynced.
    /// </summary>
    public sealed class BoxFirmware
    {
        private const int PublishRetryMs = 1000;

        private readonly BoxConfig _config;
        private readonly CompartmentConfig[] _compartments;
        private readonly IClock _clock;
        private readonly ISensors _sensors;
        private readonly IMqttLink _link;
        private readonly StoreAndForwardQueue _queue;
        private readonly SampleSchedule _schedule;
        private readonly LocalAlarm _alarm;
        private readonly ReconnectBackoff _backoff;
        private readonly string _telemetryTopic;
        private readonly string _eventsTopic;
        private readonly string _statusTopic;
        private readonly double[] _readings;
        private readonly IUvcLampOutput _uvcLamp;
        private readonly DisinfectionCycle _disinfection;

        private bool _synced;
        private long _bootMs;
        private bool _statusPending;
        private int _reportedUntimed;

        private bool _online;
        private bool _lidOpen;
        private RecordBatch _inFlight;
        private int _inFlightToken;
        private long _inFlightSinceMs;
        private long _nextPublishMs;

        /// <summary>Creates the firmware of one box over its hardware and its flash storage.</summary>
        /// <param name="config">Identity, compartments and settings.</param>
        /// <param name="clock">Device time.</param>
        /// <param name="sensors">Probes and the lid switch.</param>
        /// <param name="alarmOutput">Buzzer and LED; may be null.</param>
        /// <param name="link">The MQTT client.</param>
        /// <param name="storage">The flash queue; records already in it (from before a reboot) are published too.</param>
        public BoxFirmware(BoxConfig config, IClock clock, ISensors sensors, IAlarmOutput alarmOutput, IMqttLink link, IRecordStorage storage)
            : this(config, clock, sensors, alarmOutput, link, storage, null)
        {
        }

        /// <summary>Creates the firmware of one box that also drives its UV-C lamp relay.</summary>
        /// <param name="config">Identity, compartments and settings.</param>
        /// <param name="clock">Device time.</param>
        /// <param name="sensors">Probes, the lid switch and the UV-C confirmation.</param>
        /// <param name="alarmOutput">Buzzer and LED; may be null.</param>
        /// <param name="link">The MQTT client.</param>
        /// <param name="storage">The flash queue; records already in it (from before a reboot) are published too.</param>
        /// <param name="uvcLamp">The UV-C lamp relay; may be null when the lamp is switched outside the firmware.</param>
        public BoxFirmware(BoxConfig config, IClock clock, ISensors sensors, IAlarmOutput alarmOutput, IMqttLink link, IRecordStorage storage, IUvcLampOutput uvcLamp)
        {
            if (config == null)
            {
                throw new ArgumentNullException("config");
            }

            if (clock == null || sensors == null || link == null || storage == null)
            {
                throw new ArgumentNullException(clock == null ? "clock" : sensors == null ? "sensors" : link == null ? "link" : "storage");
            }

            _config = config;
            _compartments = config.Compartments;
            _clock = clock;
            _sensors = sensors;
            _link = link;
            _queue = new StoreAndForwardQueue(storage);
            _schedule = new SampleSchedule(config.IntervalSeconds);
            _alarm = new LocalAlarm(alarmOutput, _queue, config.AlarmHysteresis);
            for (int i = 0; i < _compartments.Length; i++)
            {
                _alarm.SetRange(_compartments[i].Number, _compartments[i].Range);
            }

            _backoff = new ReconnectBackoff(config.BackoffBaseMs, config.BackoffCapMs, config.EffectiveSeed());
            _telemetryTopic = Topics.For(config.BoxId, Topics.Telemetry);
            _eventsTopic = Topics.For(config.BoxId, Topics.Events);
            _statusTopic = Topics.For(config.BoxId, Topics.Status);
            _readings = new double[_compartments.Length];
            _uvcLamp = uvcLamp;
            _disinfection = new DisinfectionCycle(config.MinimumDoseSeconds, config.UvcConfirmTimeoutSeconds);
            _queue.TimesRelative = true;
            if (_uvcLamp != null)
            {
                _uvcLamp.Set(false);
            }
        }

        /// <summary>The box identity.</summary>
        public string BoxId
        {
            get { return _config.BoxId; }
        }

        /// <summary>The current sampling interval, seconds.</summary>
        public int IntervalSeconds
        {
            get { return _schedule.IntervalSeconds; }
        }

        /// <summary>True while the MQTT session is up and the online status has been sent.</summary>
        public bool IsOnline
        {
            get { return _online; }
        }

        /// <summary>Records waiting in the flash queue.</summary>
        public int Queued
        {
            get { return _queue.Count; }
        }

        /// <summary>Records dropped because the flash queue was full.</summary>
        public long Dropped
        {
            get { return _queue.Dropped; }
        }

        /// <summary>Records acknowledged by the server and removed from the queue.</summary>
        public long Published { get; private set; }

        /// <summary>Sessions established.</summary>
        public int Connections { get; private set; }

        /// <summary>Sessions established after a previous one was lost.</summary>
        public int Reconnects { get; private set; }

        /// <summary>Connection attempts made, successful or not.</summary>
        public int ConnectAttempts { get; private set; }

        /// <summary>Packs published again because no PUBACK arrived in time.</summary>
        public int PublishTimeouts { get; private set; }

        /// <summary>True while a pack waits for its PUBACK.</summary>
        public bool HasPublishInFlight
        {
            get { return _inFlight != null; }
        }

        /// <summary>True once the clock has synced since boot (readings then carry absolute device time).</summary>
        public bool ClockSynced
        {
            get { return _synced; }
        }

        /// <summary>True while a UV-C disinfection cycle runs.</summary>
        public bool DisinfectionRunning
        {
            get { return _disinfection.Running; }
        }

        /// <summary>True while the local alarm sounds.</summary>
        public bool AlarmActive
        {
            get { return _alarm.AnyActive; }
        }

        /// <summary>Runs one turn of the main loop.</summary>
        public void Step()
        {
            long up = _clock.UptimeMs;
            TrackClock(up);
            long now = Stamp(up);
            if (_schedule.IsDue(up))
            {
                Sample(now);
                _schedule.MarkSampled(up);
            }

            bool lid = _sensors.LidOpen();
            if (lid != _lidOpen)
            {
                _lidOpen = lid;
                _queue.Enqueue(QueuedRecord.BooleanEvent(Channels.Lid, now, lid));
            }

            TrackDisinfection(up, now, lid);
            KeepConnected(up);
            if (_online)
            {
                if (_statusPending && _synced)
                {
                    PublishStatus();
                }

                PublishNext(up);
                if (_queue.DiscardedUntimed > _reportedUntimed)
                {
                    _queue.Enqueue(QueuedRecord.TextEvent(Channels.Clock, now, "untimed:" + (_queue.DiscardedUntimed - _reportedUntimed).ToString()));
                    _reportedUntimed = _queue.DiscardedUntimed;
                }
            }
        }

        /// <summary>
        /// Starts a UV-C disinfection cycle: switches the lamp relay on, unless the lid is open
        /// (UV-C must not reach the courier). Returns false when it did not start.
        /// </summary>
        public bool StartDisinfection()
        {
            if (_uvcLamp == null || _disinfection.Running || _sensors.LidOpen())
            {
                return false;
            }

            _uvcLamp.Set(true);
            UvcLamp(true);
            return true;
        }

        /// <summary>The broker acknowledged the publish with <paramref name="token"/>.</summary>
        public void OnPublishAcknowledged(int token)
        {
            if (_inFlight == null || token != _inFlightToken)
            {
                // A late PUBACK of a pack already given up on: its records are sent again anyway.
                return;
            }

            int removed = _queue.RemoveAcknowledged(_inFlight);
            Published += removed;
            _inFlight = null;
        }

        /// <summary>The MQTT session dropped; queued records stay queued and are sent after reconnecting.</summary>
        public void OnConnectionLost()
        {
            if (!_online)
            {
                return;
            }

            _online = false;
            _inFlight = null;
            _backoff.OnFailure(_clock.UptimeMs);
        }

        /// <summary>A payload arrived on the box's commands topic.</summary>
        public void OnCommand(byte[] payload)
        {
            long now = Stamp(_clock.UptimeMs);
            CommandResult result = CommandParser.Parse(payload);
            string refusal = result.Accepted ? Apply(result) : result.Reason;
            if (refusal != null)
            {
                _queue.Enqueue(QueuedRecord.TextEvent(Channels.Command, now, "rejected:" + refusal));
                return;
            }

            if (_online && result.Command != CommandParser.AlarmCommand)
            {
                PublishStatus();
            }
        }

        private string Apply(CommandResult command)
        {
            if (command.Command == CommandParser.IntervalCommand)
            {
                _schedule.SetInterval(command.Value);
                return null;
            }

            if (command.Command == CommandParser.AlarmCommand)
            {
                for (int i = 0; i < _compartments.Length; i++)
                {
                    if (_compartments[i].Number == command.Compartment)
                    {
                        AlarmRange range = new AlarmRange(command.HasMin, command.Min, command.HasMax, command.Max);
                        _compartments[i].Range = range;
                        _alarm.SetRange(command.Compartment, range);
                        return null;
                    }
                }

                return CommandParser.UnknownCompartment;
            }

            if (command.HasRange)
            {
                int queued = _queue.RequeueDelivered(command.FromSeconds * 1000, (command.ToSeconds * 1000) + 999, _config.MaxResendRecords);
                return queued > 0 ? null : CommandParser.NotInFlash;
            }

            // A resend without a range asks for the status, published below.
            return null;
        }

        /// <summary>The courier pressed pickup for <paramref name="orderId"/> (null or empty when unknown).</summary>
        public void PressPickup(string orderId)
        {
            QueueButton(Channels.Pickup, orderId);
        }

        /// <summary>The courier pressed hand-over for <paramref name="orderId"/> (null or empty when unknown).</summary>
        public void PressHandover(string orderId)
        {
            QueueButton(Channels.Handover, orderId);
        }

        /// <summary>The UV-C disinfection lamp switched on or off.</summary>
        public void UvcLamp(bool on)
        {
            long up = _clock.UptimeMs;
            long now = Stamp(up);
            _queue.Enqueue(QueuedRecord.BooleanEvent(Channels.Uvc, now, on));
            QueueDisinfection(_disinfection.LampSwitched(on, up), now);
        }

        private void TrackDisinfection(long up, long now, bool lidOpen)
        {
            if (!_disinfection.Running)
            {
                return;
            }

            string ended = _disinfection.Step(up, _sensors.UvcConfirmed(), lidOpen);
            if (ended == null)
            {
                return;
            }

            QueueDisinfection(ended, now);
            if (_uvcLamp != null)
            {
                // Dose reached, or the lid opened: the lamp goes off either way.
                _uvcLamp.Set(false);
                _queue.Enqueue(QueuedRecord.BooleanEvent(Channels.Uvc, now, false));
            }
        }

        private void QueueDisinfection(string value, long now)
        {
            if (value != null)
            {
                _queue.Enqueue(QueuedRecord.TextEvent(Channels.Disinfection, now, value));
            }
        }

        private void TrackClock(long up)
        {
            if (!_clock.IsSynced)
            {
                // Not synced yet, or the RTC lost its time: keep the last known boot time if there is one.
                return;
            }

            long boot = _clock.NowMs - up;
            if (!_synced)
            {
                _synced = true;
                _bootMs = boot;
                _queue.TimesRelative = false;
                _queue.Restamp(boot);
                return;
            }

            long jump = boot - _bootMs;
            _bootMs = boot;
            if (jump > _config.ClockJumpThresholdMs || -jump > _config.ClockJumpThresholdMs)
            {
                _queue.Enqueue(QueuedRecord.TextEvent(Channels.Clock, boot + up, "jump:" + (jump / 1000).ToString()));
            }
        }

        // Device time when synced; before the first sync, the time since boot (the queue marks it relative).
        private long Stamp(long up)
        {
            return _synced ? _bootMs + up : up;
        }

        private void QueueButton(string channel, string orderId)
        {
            long now = Stamp(_clock.UptimeMs);
            if (orderId == null || orderId.Length == 0)
            {
                _queue.Enqueue(QueuedRecord.BooleanEvent(channel, now, true));
            }
            else
            {
                _queue.Enqueue(QueuedRecord.TextEvent(channel, now, orderId));
            }
        }

        private void Sample(long now)
        {
            // All readings of a sample first, alarm events after, so the readings go in one pack.
            for (int i = 0; i < _compartments.Length; i++)
            {
                double value = _sensors.CompartmentTemperature(_compartments[i].Number);
                _readings[i] = value;
                if (IsFinite(value))
                {
                    _queue.Enqueue(QueuedRecord.Telemetry(_compartments[i].Channel, now, value));
                }
            }

            double ambient = _sensors.AmbientTemperature();
            if (IsFinite(ambient))
            {
                _queue.Enqueue(QueuedRecord.Telemetry(Channels.Ambient, now, ambient));
            }

            for (int i = 0; i < _compartments.Length; i++)
            {
                if (IsFinite(_readings[i]) && Channels.IsPlausibleCelsius(_readings[i]))
                {
                    _alarm.Evaluate(_compartments[i].Number, _readings[i], now);
                }
            }
        }

        private void KeepConnected(long now)
        {
            if (_online && !_link.IsConnected)
            {
                OnConnectionLost();
            }

            if (_online)
            {
                return;
            }

            if (!_link.IsConnected)
            {
                if (!_backoff.CanAttempt(now))
                {
                    return;
                }

                ConnectAttempts++;
                bool up = _link.Connect(_config.BoxId, _statusTopic, StatusDocument.EncodeOffline());
                if (!up && !_link.IsConnected)
                {
                    // Failed, or still connecting in the background: look again after the back-off.
                    _backoff.OnFailure(now);
                    return;
                }
            }

            _online = true;
            Connections++;
            if (Connections > 1)
            {
                Reconnects++;
            }

            _backoff.Reset();
            _inFlight = null;
            _nextPublishMs = now;
            PublishStatus();
        }

        private void PublishStatus()
        {
            if (!_synced)
            {
                // The status carries device time: it waits for the clock.
                _statusPending = true;
                return;
            }

            _statusPending = false;
            byte[] payload = StatusDocument.EncodeOnline(_config.FirmwareVersion, Stamp(_clock.UptimeMs), _schedule.IntervalSeconds, _queue.Count, _queue.Dropped, _compartments);
            _link.Publish(_statusTopic, payload, true);
        }

        private void PublishNext(long now)
        {
            if (_inFlight != null)
            {
                if (now - _inFlightSinceMs < _config.PublishTimeoutMs)
                {
                    return;
                }

                PublishTimeouts++;
                _inFlight = null;
            }

            if (now < _nextPublishMs)
            {
                return;
            }

            RecordBatch batch = _queue.PeekBatch(_config.MaxRecordsPerPack);
            if (batch == null)
            {
                return;
            }

            byte[] payload = SenmlWriter.Encode(_config.BoxId, batch.Records);
            string topic = batch.Kind == RecordKind.Telemetry ? _telemetryTopic : _eventsTopic;
            int token = _link.Publish(topic, payload, false);
            if (token < 0)
            {
                _nextPublishMs = now + PublishRetryMs;
                return;
            }

            _inFlight = batch;
            _inFlightToken = token;
            _inFlightSinceMs = now;
        }

        private static bool IsFinite(double value)
        {
            return !double.IsNaN(value) && !double.IsInfinity(value);
        }
    }
}
