using System;
using System.Collections;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Fleet.Firmware.Hardware;
using Fleet.Firmware.Protocol;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace Fleet.Firmware.Esp32.Adapters
{
    /// <summary>
    /// <see cref="IMqttLink"/> over nanoFramework.M2Mqtt: TLS to the broker with the box's own
    /// username and password, a retained QoS 1 last will, and the commands topic subscribed.
    /// M2Mqtt raises its events on its own threads; they are queued here and handed to the firmware
    /// by <see cref="Drain"/> on the main loop, so the core stays single-threaded.
    /// A publish's token is its MQTT message id, and the MqttMsgPublished event carries it back.
    /// </summary>
    internal sealed class M2MqttLink : IMqttLink
    {
        private readonly DeviceSettings _settings;
        private readonly X509Certificate _caCert;
        private readonly Queue _acks = new Queue();
        private readonly Queue _commands = new Queue();
        private MqttClient _client;

        public M2MqttLink(DeviceSettings settings)
        {
            _settings = settings;
            _caCert = settings.CaCertificatePem == null ? null : new X509Certificate(settings.CaCertificatePem);
        }

        public bool IsConnected
        {
            get { return _client != null && _client.IsConnected; }
        }

        public bool Connect(string clientId, string willTopic, byte[] willPayload)
        {
            Close();
            try
            {
                MqttClient client = new MqttClient(_settings.BrokerHost, _settings.BrokerPort, _settings.UseTls, _caCert, null, _settings.UseTls ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
                client.MqttMsgPublished += OnPublished;
                client.MqttMsgPublishReceived += OnPublishReceived;
                string will = Encoding.UTF8.GetString(willPayload, 0, willPayload.Length);
                MqttReasonCode code = client.Connect(clientId, _settings.MqttUsername, _settings.MqttPassword, true, MqttQoSLevel.AtLeastOnce, true, willTopic, will, false, 60);
                if (code != MqttReasonCode.Success)
                {
                    client.Close();
                    return false;
                }

                client.Subscribe(new string[] { Topics.For(clientId, Topics.Commands) }, new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce });
                _client = client;
                return true;
            }
            catch (Exception)
            {
                // DNS, TCP or TLS failure: the core backs off with jitter and tries again.
                return false;
            }
        }

        public int Publish(string topic, byte[] payload, bool retain)
        {
            if (!IsConnected)
            {
                return -1;
            }

            try
            {
                return _client.Publish(topic, payload, null, null, MqttQoSLevel.AtLeastOnce, retain);
            }
            catch (Exception)
            {
                return -1;
            }
        }

        public void Disconnect()
        {
            if (_client != null && _client.IsConnected)
            {
                _client.Disconnect();
            }

            Close();
        }

        /// <summary>Hands PUBACKs and commands that arrived since the last call to the firmware (main loop thread).</summary>
        public void Drain(BoxFirmware firmware)
        {
            while (true)
            {
                object ack;
                lock (_acks)
                {
                    ack = _acks.Count > 0 ? _acks.Dequeue() : null;
                }

                if (ack == null)
                {
                    break;
                }

                firmware.OnPublishAcknowledged((int)ack);
            }

            while (true)
            {
                byte[] command;
                lock (_commands)
                {
                    command = _commands.Count > 0 ? (byte[])_commands.Dequeue() : null;
                }

                if (command == null)
                {
                    break;
                }

                firmware.OnCommand(command);
            }
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            if (!e.IsPublished)
            {
                return;
            }

            lock (_acks)
            {
                _acks.Enqueue((int)e.MessageId);
            }
        }

        private void OnPublishReceived(object sender, MqttMsgPublishEventArgs e)
        {
            lock (_commands)
            {
                if (_commands.Count < 8)
                {
                    _commands.Enqueue(e.Message);
                }
            }
        }

        private void Close()
        {
            if (_client == null)
            {
                return;
            }

            _client.MqttMsgPublished -= OnPublished;
            _client.MqttMsgPublishReceived -= OnPublishReceived;
            try
            {
                _client.Close();
            }
            catch (Exception)
            {
            }

            _client = null;
        }
    }
}
