using System;
using System.Threading;
using nanoFramework.Networking;

namespace Fleet.Firmware.Esp32.Adapters
{
    /// <summary>Wi-Fi (DHCP) and SNTP. Both retry in the background of the main loop; the core keeps sampling meanwhile.</summary>
    internal sealed class Network
    {
        private readonly DeviceSettings _settings;
        private bool _sntpStarted;

        public Network(DeviceSettings settings)
        {
            _settings = settings;
        }

        /// <summary>Connects Wi-Fi if it is down; returns true when there is an IP address.</summary>
        public bool EnsureConnected()
        {
            if (WifiNetworkHelper.Status == NetworkHelperStatus.NetworkIsReady)
            {
                StartSntp();
                return true;
            }

            CancellationTokenSource timeout = new CancellationTokenSource(15000);
            bool up = WifiNetworkHelper.ConnectDhcp(_settings.WifiSsid, _settings.WifiPassword, requiresDateTime: false, token: timeout.Token);
            if (up)
            {
                StartSntp();
            }

            return up;
        }

        private void StartSntp()
        {
            if (_sntpStarted)
            {
                return;
            }

            // The core re-stamps readings taken before this first sync and reports later jumps.
            Sntp.Server1 = _settings.SntpServer;
            Sntp.Start();
            Sntp.UpdateNow();
            _sntpStarted = true;
        }
    }
}
