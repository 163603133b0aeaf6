# native_file_windows: the model's file_windows curves beside the host
# kernel running the same shape on a real file.
ftitle = "file_windows: the model beside the host kernel (native_file_windows)"
xlabel = "windows per task (V)"
left = "time"
left_label = "time per iteration"
right = ""
right_label = ""
load "plots/figure.gp"
