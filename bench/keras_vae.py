#!/usr/bin/env python3
"""The Keras recipes themselves (Keras 3, TensorFlow backend), timed like vae4j's runs.

keras-mlp: the MLP VAE of Keras' variational_autoencoder.py (784-512-2, Adam, batch 128); keras-conv: the conv VAE of
the keras.io example (conv 32/64 stride 2, dense 16, latent 2, Adam, batch 128). Loss: binary cross-entropy summed
over pixels + KL, as in the examples. One JSON line per epoch and a summary line, as bench/torch_vae.py prints.

usage: keras_vae.py --preset keras-mlp|keras-conv [--epochs N] [--limit-train N]
"""
import argparse
import json
import os
import resource
import time

T0 = time.time()
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
import numpy as np  # noqa: E402
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import layers, ops  # noqa: E402

import torch_vae  # noqa: E402  (the IDX reader)


class Sampling(layers.Layer):
    def call(self, inputs):
        mean, log_var = inputs
        eps = keras.random.normal(ops.shape(mean))
        return mean + ops.exp(0.5 * log_var) * eps


def build(preset):
    latent = 2
    if preset == "keras-mlp":
        x = keras.Input((28, 28, 1))
        h = layers.Dense(512, activation="relu")(layers.Flatten()(x))
        z_in = keras.Input((latent,))
        d = layers.Dense(784)(layers.Dense(512, activation="relu")(z_in))
        out = layers.Reshape((28, 28, 1))(d)
    else:
        x = keras.Input((28, 28, 1))
        h = layers.Conv2D(32, 3, activation="relu", strides=2, padding="same")(x)
        h = layers.Conv2D(64, 3, activation="relu", strides=2, padding="same")(h)
        h = layers.Dense(16, activation="relu")(layers.Flatten()(h))
        z_in = keras.Input((latent,))
        d = layers.Reshape((7, 7, 64))(layers.Dense(7 * 7 * 64, activation="relu")(z_in))
        d = layers.Conv2DTranspose(64, 3, activation="relu", strides=2, padding="same")(d)
        d = layers.Conv2DTranspose(32, 3, activation="relu", strides=2, padding="same")(d)
        out = layers.Conv2DTranspose(1, 3, padding="same")(d)
    mean = layers.Dense(latent)(h)
    log_var = layers.Dense(latent)(h)
    encoder = keras.Model(x, [mean, log_var, Sampling()([mean, log_var])])
    decoder = keras.Model(z_in, out)  # logits
    return encoder, decoder


class VAE(keras.Model):
    def __init__(self, encoder, decoder):
        super().__init__()
        self.encoder, self.decoder = encoder, decoder

    def losses_of(self, data):
        mean, log_var, z = self.encoder(data)
        logits = self.decoder(z)
        recon = ops.mean(ops.sum(ops.binary_crossentropy(data, logits, from_logits=True), axis=(1, 2, 3)))
        kl = ops.mean(-0.5 * ops.sum(1 + log_var - ops.square(mean) - ops.exp(log_var), axis=1))
        return recon, kl

    def train_step(self, data):
        with tf.GradientTape() as tape:
            recon, kl = self.losses_of(data)
            total = recon + kl
        grads = tape.gradient(total, self.trainable_weights)
        self.optimizer.apply_gradients(zip(grads, self.trainable_weights))
        return {"loss": total}

    def test_step(self, data):
        recon, kl = self.losses_of(data)
        return {"loss": recon + kl}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--preset", required=True, choices=["keras-mlp", "keras-conv"])
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--limit-train", type=int, default=0)
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    a = ap.parse_args()
    keras.utils.set_random_seed(1)
    train = torch_vae.read_idx(os.path.join(a.data, "train-images-idx3-ubyte.gz"))
    test = torch_vae.read_idx(os.path.join(a.data, "t10k-images-idx3-ubyte.gz"))
    if a.limit_train:
        train = train[:a.limit_train]
    train = (train.astype("float32") / 255)[..., None]
    test = (test.astype("float32") / 255)[..., None]
    vae = VAE(*build(a.preset))
    vae.compile(optimizer=keras.optimizers.Adam(1e-3))
    first = {}

    class Timer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.t = time.time()

        def on_train_batch_end(self, batch, logs=None):
            first.setdefault("t", time.time() - T0)

        def on_epoch_end(self, epoch, logs=None):
            secs = time.time() - self.t
            test_loss = sum(float(sum(vae.losses_of(test[i:i + 250]))) * len(test[i:i + 250])
                            for i in range(0, len(test), 250)) / len(test)
            print(json.dumps(dict(epoch=epoch + 1, trainLoss=float(logs["loss"]), testLoss=float(test_loss),
                                  imagesPerSecond=len(train) / secs)), flush=True)

    vae.fit(train, epochs=a.epochs, batch_size=128, shuffle=True, verbose=0, callbacks=[Timer()])
    print(json.dumps(dict(summary=True, firstBatchSeconds=first.get("t"), version=keras.__version__,
                          peakRssMiB=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)), flush=True)


if __name__ == "__main__":
    main()
