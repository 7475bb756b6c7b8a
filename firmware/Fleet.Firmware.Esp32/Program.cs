using System;
using System.Device.Gpio;
using System.Diagnostics;
using System.Threading;
using Fleet.Firmware.Esp32.Adapters;
using Fleet.Firmware.Queue;
using nanoFramework.Device.OneWire;
using nanoFramework.Hardware.Esp32;
using nanoFramework.Runtime.Native;

namespace Fleet.Firmware.Esp32
{
    /// <summary>
    /// Wiring only: every decision (sampling, alarm, queue, back-off, commands, disinfection) is in
    /// the portable core's <see cref="BoxFirmware"/>. This file builds the adapters, then runs the
    /// core's step loop with a watchdog and light sleep while the box is idle.
    /// </summary>
    public static class Program
    {
        private const string QueuePath = "I:\\queue.bin";
        private const int StepMs = 250;
        private const int WatchdogMs = 60000;
        private static long _lastLoopMs;
        private static Timer _watchdog;

        public static void Main()
        {
            DeviceSettings settings = DeviceSettings.Load();
            Configuration.SetPinFunction(Pins.OneWireRx, DeviceFunction.COM3_RX);
            Configuration.SetPinFunction(Pins.OneWireTx, DeviceFunction.COM3_TX);
            Configuration.SetPinFunction(Pins.I2cData, DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(Pins.I2cClock, DeviceFunction.I2C1_CLOCK);

            GpioController gpio = new GpioController();
            Esp32Clock clock = new Esp32Clock();
            BoxSensors sensors = new BoxSensors(gpio, new OneWireHost(), settings);
            GpioUvcLamp lamp = new GpioUvcLamp(gpio);
            Buttons buttons = new Buttons(gpio);
            M2MqttLink link = new M2MqttLink(settings);
            Network network = new Network(settings);

            BoxConfig config = new BoxConfig(settings.BoxId);
            config.QueueCapacity = settings.QueueRecords;
            for (int i = 0; i < settings.Compartments.Length; i++)
            {
                string[] parts = settings.Compartments[i].Split('=');
                config.AddCompartment(int.Parse(parts[0]), parts[1]);
            }

            int fileBytes = 64 + (settings.QueueRecords * FlashRecordStorage.DefaultSlotSize);
            FlashRecordStorage storage = new FlashRecordStorage(new InternalFlashFile(QueuePath, fileBytes));
            BoxFirmware firmware = new BoxFirmware(config, clock, sensors, new GpioAlarmOutput(gpio), link, storage, lamp);

            _lastLoopMs = clock.UptimeMs;
            _watchdog = new Timer(CheckWatchdog, clock, WatchdogMs, WatchdogMs);
            Debug.WriteLine("Fleet box " + settings.BoxId + ": " + storage.Count.ToString() + " records in flash");

            while (true)
            {
                int pressed = buttons.Take();
                if ((pressed & Buttons.Pickup) != 0)
                {
                    firmware.PressPickup(null);
                }

                if ((pressed & Buttons.Handover) != 0)
                {
                    firmware.PressHandover(null);
                }

                if ((pressed & Buttons.Disinfect) != 0)
                {
                    firmware.StartDisinfection();
                }

                if (!link.IsConnected)
                {
                    // Only when the session is down: a Wi-Fi join blocks for up to 15 s, during which the
                    // core has already stamped and queued the last sample.
                    network.EnsureConnected();
                }

                link.Drain(firmware);
                firmware.Step();
                _lastLoopMs = clock.UptimeMs;
                Rest(firmware, lamp);
            }
        }

        // Light sleep keeps RAM, the RTC and (with Wi-Fi modem sleep) the association, and wakes on the
        // timer or a button; only when nothing is in progress that needs the CPU awake.
        private static void Rest(BoxFirmware firmware, GpioUvcLamp lamp)
        {
            bool idle = !firmware.HasPublishInFlight && firmware.Queued == 0 && !firmware.DisinfectionRunning && !firmware.AlarmActive && !lamp.On;
            if (!idle)
            {
                Thread.Sleep(StepMs);
                return;
            }

            Sleep.EnableWakeupByTimer(TimeSpan.FromMilliseconds(1000));
            Sleep.EnableWakeupByPin(Sleep.WakeupGpioPin.Pin25, 0);
            Sleep.StartLightSleep();
        }

        // The main loop must come round at least once a minute; if it hangs (a driver, a socket), reboot:
        // the flash queue keeps what was measured.
        private static void CheckWatchdog(object state)
        {
            Esp32Clock clock = (Esp32Clock)state;
            if (clock.UptimeMs - _lastLoopMs > WatchdogMs)
            {
                Power.RebootDevice();
            }
        }
    }
}
