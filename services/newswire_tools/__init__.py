"""newswire's offline tools, kept out of the service package so the image ships only what `newswire run`
needs: evaluation (eval/), training (train/), the labelled data's readers (datasets/), the bench
(bench/) and the inspect page (viewer/). Their commands (commands/) join the `newswire` command where
this package is installed, as `make install` does; the image does not install it."""
