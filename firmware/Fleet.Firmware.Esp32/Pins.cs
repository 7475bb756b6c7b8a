namespace Fleet.Firmware.Esp32
{
    /// <summary>The ESP32 (DevKitC, ESP32-WROOM-32) pins of a Fleet box; docs/firmware.md has the wiring table.</summary>
    internal static class Pins
    {
        public const int OneWireRx = 16;     // 1-Wire bus over COM3: RX and TX tied together to DQ (DS18B20 probes)
        public const int OneWireTx = 17;
        public const int I2cData = 21;       // SHT3x ambient sensor
        public const int I2cClock = 22;
        public const int Lid = 27;           // reed switch to GND, internal pull-up: high = lid open
        public const int PickupButton = 25;  // to GND, pull-up
        public const int HandoverButton = 26;
        public const int DisinfectButton = 33;
        public const int UvcRelay = 32;      // relay module input, active high
        public const int UvcConfirm = 34;    // UV sensor comparator / lamp-current sense output, high = UV-C seen (input only pin)
        public const int Buzzer = 14;        // active buzzer through an NPN transistor
        public const int AlarmLed = 12;      // red LED
    }
}
